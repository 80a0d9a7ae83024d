package io.aiswarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder until its issue lands. */
@Command(name = "hooks", description = "(not built yet)")
public class HooksCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        System.err.println("swarm hooks: not built yet");
        return SwarmMain.EXIT_FAILURE;
    }
}
