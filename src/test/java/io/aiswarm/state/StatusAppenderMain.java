package io.aiswarm.state;

import io.aiswarm.state.file.FileStatusLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Child JVM: appends {@code count} events with large messages. Args: statusLog goFile count worker. */
public final class StatusAppenderMain {
    public static void main(String[] args) throws Exception {
        StatusBroadcaster b = new StatusBroadcaster(new FileStatusLog(Path.of(args[0])), Clock.systemUTC());
        ChildSupport.awaitGo(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        String worker = args[3];
        for (int i = 0; i < count; i++) {
            // sizes up to ~12 KB: larger than PIPE_BUF and than one page, so interleaving would show
            String body = worker.repeat(1 + (i % 7) * 300);
            b.broadcast(worker, "t" + i, BroadcastState.WAIT, body, Map.of("n", i));
        }
    }
}
