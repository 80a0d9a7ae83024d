package io.aiswarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder until its issue lands. */
@Command(name = "detect", description = "(not built yet)")
public class DetectCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        System.err.println("swarm detect: not built yet");
        return SwarmMain.EXIT_FAILURE;
    }
}
