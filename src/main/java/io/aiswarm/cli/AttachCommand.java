package io.aiswarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder until its issue lands. */
@Command(name = "attach", description = "(not built yet)")
public class AttachCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        System.err.println("swarm attach: not built yet");
        return SwarmMain.EXIT_FAILURE;
    }
}
