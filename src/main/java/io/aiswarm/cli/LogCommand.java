package io.aiswarm.cli;

import io.aiswarm.state.Json;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.file.FileStatusLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm log [--follow] [--worker W] [--json]} and {@code swarm log rotate}: the status log. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Prints the status log (status.log), one event a line.",
                "Malformed lines are skipped and counted on standard error. -n shows only the last N events, --since",
                "only those of the last DURATION (30s, 10m, 2h, 1d) or after a time (2026-01-31T12:00:00Z); --follow",
                "keeps printing new events until interrupted."},
        subcommands = LogCommand.Rotate.class)
public class LogCommand extends StateCommand implements Callable<Integer> {
    @Option(names = {"-f", "--follow"}, description = "Keep printing events as they are appended.")
    boolean follow;

    @Option(names = {"-w", "--worker"}, paramLabel = "W", description = "Only events of worker W.")
    String worker;

    @Option(names = "--json", description = "Print each event as its JSON line.")
    boolean json;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N events (of those shown).")
    Integer last;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only events of the last DURATION (30s, 10m, 2h, 1d) or after an ISO time.")
    String since;

    @Override
    public Integer call() throws InterruptedException {
        if (last != null && last < 0) throw new IllegalArgumentException("-n " + last + ": give 0 or more events");
        Instant from = since == null ? null : Since.parse(since, Clock.systemUTC());
        try (StatusFollower follower = state().statusLog().follow()) {
            Deque<StatusEvent> first = new ArrayDeque<>();
            for (StatusEvent e : follower.poll()) {
                if (!shown(e, from)) continue;
                first.addLast(e);
                if (last != null && first.size() > last) first.removeFirst();
            }
            first.forEach(e -> out().println(format(e)));
            out().flush();
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
            if (worker == null || worker.equals(e.workerId())) out().println(format(e));
        }
        out().flush();
    }

    private boolean shown(StatusEvent e, Instant from) {
        return (worker == null || worker.equals(e.workerId())) && (from == null || !e.ts().isBefore(from));
    }

    private String format(StatusEvent e) {
        return json ? StatusLines.encode(e) : human(e);
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
            description = {"Archives status.log as status.log.<UTC time> and starts a new one.",
                    "The new log holds one snapshot line (meta.snapshot=true) per worker with its last state, so",
                    "readers still know every worker's state. Old archives can be deleted or compressed at will."})
    static class Rotate extends StateCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            if (!(state().statusLog() instanceof FileStatusLog log)) {
                throw new IllegalArgumentException("log rotate archives the swarm directory's status.log; the store "
                        + state().describe() + " keeps its events in a table (nothing to rotate)");
            }
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
