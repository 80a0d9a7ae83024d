package io.aiswarm.cli;

import io.aiswarm.state.FileStatusLog;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm log [--follow] [--worker W] [--json]} and {@code swarm log rotate}: the status log. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Prints the status log (status.log): one event a line. Malformed lines are skipped and",
                "counted on standard error. --follow keeps printing new events until interrupted."},
        subcommands = LogCommand.Rotate.class)
public class LogCommand extends StateCommand implements Callable<Integer> {
    @Option(names = {"-f", "--follow"}, description = "Keep printing events as they are appended.")
    boolean follow;

    @Option(names = {"-w", "--worker"}, paramLabel = "W", description = "Only events of worker W.")
    String worker;

    @Option(names = "--json", description = "Print each event as its JSON line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        try (StatusFollower follower = state().statusLog().follow()) {
            print(follower);
            while (follow) {
                Thread.sleep(200); // cheap: a poll reads only bytes appended since the last one
                print(follower);
            }
            if (follower.malformedLines() > 0) {
                err().printf("swarm: skipped %d malformed line(s) in %s%n", follower.malformedLines(),
                        config().paths().statusLog());
            }
        }
        return SwarmMain.EXIT_OK;
    }

    private void print(StatusFollower follower) {
        for (StatusEvent e : follower.poll()) {
            if (worker != null && !worker.equals(e.workerId())) continue;
            out().println(json ? StatusLines.encode(e) : human(e));
        }
        out().flush();
    }

    static String human(StatusEvent e) {
        StringBuilder line = new StringBuilder().append(Json.format(e.ts())).append("  ")
                .append(String.format("%-12s %-8s %-16s", e.workerId(), e.state(), e.hasTask() ? e.taskId() : "-"));
        if (!e.message().isEmpty()) line.append(' ').append(e.message().replace("\n", "\\n"));
        if (!e.meta().isEmpty()) line.append("  ").append(meta(e.meta()));
        return line.toString();
    }

    private static String meta(Map<String, Object> meta) {
        try {
            return Json.MAPPER.writeValueAsString(meta);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return meta.toString();
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Renames status.log to status.log.<UTC time> and starts a new log holding one snapshot",
                    "line (meta.snapshot=true) per worker with its last state, so readers still know every",
                    "worker's state. Old archives can be deleted or compressed at will."})
    static class Rotate extends StateCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            FileStatusLog log = state().statusLog();
            Path archive = log.rotate(Clock.systemUTC());
            if (archive == null) {
                out().printf("nothing to rotate: %s does not exist%n", log.file());
            } else {
                out().printf("archived %s as %s%n", log.file(), archive);
            }
            return SwarmMain.EXIT_OK;
        }
    }
}
