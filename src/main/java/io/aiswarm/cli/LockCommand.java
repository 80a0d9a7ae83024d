package io.aiswarm.cli;

import io.aiswarm.state.Json;
import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.TaskLockManager;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm lock acquire|release|check|list}: the per-task locks in locks/. */
@Command(name = "lock", mixinStandardHelpOptions = true, description = "Takes, releases and inspects per-task locks.",
        subcommands = {LockCommand.Acquire.class, LockCommand.Release.class, LockCommand.Check.class,
                LockCommand.ListLocks.class})
public class LockCommand extends StateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return SwarmMain.EXIT_USAGE;
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true,
            description = {"Takes the lock of task ID for worker W (or takes over an expired one).",
                    "Exit 0 when W holds it afterwards, 2 when another worker holds a live lock."})
    static class Acquire extends OnTaskForWorker implements Callable<Integer> {
        @Override
        public Integer call() {
            LockResult r = state().locks().acquire(id, worker);
            LockInfo lock = r.lock();
            switch (r.outcome()) {
                case ACQUIRED -> out().printf("acquired %s for %s%n", id, worker);
                case ALREADY_HELD -> out().printf("%s already holds %s; heartbeat refreshed%n", worker, id);
                case TOOK_OVER -> out().printf("took over the expired or unreadable lock of %s for %s%n", id, worker);
                case HELD_BY_OTHER -> err().printf("swarm: lock %s is held by %s (pid %d on %s) until %s%n", id,
                        lock.workerId(), lock.pid(), lock.host(), Json.format(expiry(lock)));
            }
            return r.acquired() ? SwarmMain.EXIT_OK : SwarmMain.EXIT_NOT_GRANTED;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Releases the lock of task ID held by worker W. Exit 0 when released, 2 when W does not hold it.")
    static class Release extends OnTaskForWorker implements Callable<Integer> {
        @Override
        public Integer call() {
            TaskLockManager locks = state().locks();
            if (locks.release(id, worker)) {
                out().printf("released %s%n", id);
                return SwarmMain.EXIT_OK;
            }
            Optional<LockInfo> held = locks.read(id);
            err().printf("swarm: %s does not hold lock %s (%s)%n", worker, id,
                    held.map(l -> "held by " + l.workerId()).orElse("no lock"));
            return SwarmMain.EXIT_NOT_GRANTED;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Shows who holds the lock of task ID. Exit 0 when a live lock exists, 2 when free or expired.")
    static class Check extends OnTask implements Callable<Integer> {
        @Override
        public Integer call() {
            TaskLockManager locks = state().locks();
            Optional<LockInfo> lock = locks.read(id);
            Instant now = Instant.now();
            if (lock.isEmpty()) {
                out().printf("%s: free%n", id);
                return SwarmMain.EXIT_NOT_GRANTED;
            }
            LockInfo l = lock.get();
            out().printf("%s: %s by %s (pid %d on %s), heartbeat %s, %s%n", id, l.isExpired(now) ? "expired" : "locked",
                    l.workerId(), l.pid(), l.host(), Json.format(l.heartbeatAt()), remaining(l, now));
            return l.isExpired(now) ? SwarmMain.EXIT_NOT_GRANTED : SwarmMain.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every lock, live or expired.")
    static class ListLocks extends StateCommand implements Callable<Integer> {
        @Option(names = "--json", description = "Print a JSON array of the locks.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            List<LockInfo> locks = state().locks().list();
            if (json) {
                out().println(Json.PRETTY.writeValueAsString(locks));
                return SwarmMain.EXIT_OK;
            }
            Instant now = Instant.now();
            out().printf("%-24s %-12s %-8s %-24s %-8s %s%n", "TASK", "WORKER", "STATE", "HEARTBEAT", "PID", "HOST");
            for (LockInfo l : locks) {
                out().printf("%-24s %-12s %-8s %-24s %-8d %s%n", l.taskId(), l.workerId(),
                        l.isExpired(now) ? "expired" : "live", Json.format(l.heartbeatAt()), l.pid(), l.host());
            }
            return SwarmMain.EXIT_OK;
        }
    }

    static Instant expiry(LockInfo l) {
        return l.heartbeatAt().plusSeconds(l.ttlSec());
    }

    private static String remaining(LockInfo l, Instant now) {
        Duration left = Duration.between(now, expiry(l));
        return left.isNegative() ? "expired " + (-left.getSeconds()) + " s ago" : "expires in " + left.getSeconds() + " s";
    }
}
