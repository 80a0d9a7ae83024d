package io.aiswarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder */
@Command(name = "top", mixinStandardHelpOptions = true, description = "Full-screen live view.")
public class TopCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
