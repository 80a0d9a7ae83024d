package io.aiswarm.cli;

import io.aiswarm.demo.SwarmDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `swarm demo`: a self-contained swarm that shows every path; needs nothing configured. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a self-contained demo swarm in its own tmux server and a temporary swarm directory.",
                "4 exec workers run a simulated agent through ordinary tasks, a rescued 'Press ENTER', a dangerous",
                "question raised as HELP and answered as a person would, a failure, and a task that outlives a",
                "killed and restarted master. Prints progress and a summary; leaves nothing running and removes its",
                "directory unless --keep (also when interrupted)."})
public class DemoCommand implements Callable<Integer> {
    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Worker panes (default: 4).")
    int workers;

    @Option(names = "--keep", description = "Leave the tmux session running to attach to it afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 32) throw new IllegalArgumentException("--workers " + workers + ": use 1 to 32");
        return new SwarmDemo(System.out, workers, keep).run() ? SwarmMain.EXIT_OK : SwarmMain.EXIT_FAILURE;
    }
}
