package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.stores.SwarmStores;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that work on the swarm directory: the cluster option (see {@link ClusterOptions}), output,
 * state.
 */
abstract class StateCommand {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    SwarmConfig config() {
        return cluster.config();
    }

    /** The configured store (the swarm directory, or PostgreSQL with AI_SWARM_STORE), opened once per command. */
    SwarmStore state() {
        if (store == null) store = SwarmStores.open(config(), Clock.systemUTC());
        return store;
    }

    private SwarmStore store;
    private boolean borrowed;

    /** The master runs this command (see {@link CliViaMaster}): on its own store, which stays open. */
    void useStore(SwarmStore masters) {
        store = masters;
        borrowed = true;
    }

    /** After the command ran (see SwarmMain): a database store's connection is closed. */
    void closeStore() {
        if (store != null && !borrowed) store.close();
        store = null;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A command on one task: {@code … ID}. */
    abstract static class OnTask extends StateCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
        String id;
    }

    /** A command on one task for one worker: {@code … ID --worker W}. */
    abstract static class OnTaskForWorker extends OnTask {
        String worker;

        /** A worker id no pane can carry is bad input (exit 64), refused before the store is opened. */
        @Option(names = {"-w", "--worker"}, required = true, paramLabel = "W", description = "The worker id, e.g. worker-0.")
        void worker(String id) {
            try {
                worker = WorkerIds.require(id);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}
