package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    FileSwarmStore state() {
        return FileSwarmStore.open(config(), Clock.systemUTC());
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
        @Option(names = {"-w", "--worker"}, required = true, paramLabel = "W", description = "The worker id, e.g. worker-0.")
        String worker;
    }
}
