package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that work on the swarm directory: the cluster option (accepted on the subcommand or on
 * its parent, e.g. {@code swarm task --cluster x list} and {@code swarm task list --cluster x}), output, state.
 */
abstract class StateCommand {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    SwarmConfig config() {
        if (!clusterGiven(spec) && spec.parent() != null && clusterGiven(spec.parent())
                && spec.parent().userObject() instanceof StateCommand parent) {
            return parent.config();
        }
        return cluster.config();
    }

    SwarmState state() {
        return SwarmState.open(config(), Clock.systemUTC());
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

    private static boolean clusterGiven(CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption("--cluster");
    }
}
