package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PaneTerminal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * A task must not inherit the previous task's conversation. Before an agent worker's next task, the profile's clear
 * command ({@code /clear}; Codex {@code /new}) is typed into the ready agent and Enter sent as a key; it must come
 * back ready with a fresh screen: the input prompt with no turn-end line, the previous prompt gone from view. A
 * profile without a clear command, or a clear that does not come back so, restarts the agent instead (a new process
 * has no conversation) and waits until it is ready. An agent that is not ready to begin with (working, asking, a
 * person typing) is left alone: nothing is typed and nothing restarted.
 */
public final class ContextReset {
    /** Starts the worker's agent again in its pane (the same command, in its worktree). */
    @FunctionalInterface
    public interface Restart {
        void restart(String workerId);
    }

    /** {@code fresh}: the next prompt starts a new conversation; {@code how} says what was done or why not. */
    public record Result(boolean fresh, String how, Duration took) {
    }

    private static final Duration POLL = Duration.ofMillis(100);
    private final PaneTerminal terminal;
    private final AgentProfile profile;
    private final AgentScreenReader reader;
    private final Restart restart;
    private final Clock clock;
    private final Duration readyTimeout;
    private final Duration clearTimeout;
    private final Duration restartTimeout;
    private final PromptDelivery.Waiter waiter;

    public ContextReset(PaneTerminal terminal, AgentProfile profile, Restart restart, Clock clock, Duration readyTimeout,
                        Duration clearTimeout, Duration restartTimeout, PromptDelivery.Waiter waiter) {
        this.terminal = terminal;
        this.profile = profile;
        this.reader = new AgentScreenReader(profile);
        this.restart = restart;
        this.clock = clock;
        this.readyTimeout = readyTimeout;
        this.clearTimeout = clearTimeout;
        this.restartTimeout = restartTimeout;
        this.waiter = waiter;
    }

    public static ContextReset withDefaults(PaneTerminal terminal, AgentProfile profile, Restart restart, Clock clock) {
        return new ContextReset(terminal, profile, restart, clock, Duration.ofSeconds(2), Duration.ofSeconds(15),
                Duration.ofSeconds(90), d -> Thread.sleep(d.toMillis()));
    }

    /** @param previousPrompt the prompt of the conversation to end, when known (its text must leave the screen) */
    public Result reset(String workerId, String previousPrompt) {
        Instant start = clock.instant();
        if (!terminal.alive(workerId)) {
            return new Result(false, "the agent's process has ended (its pane shows the last screen)", Duration.ZERO);
        }
        String before = await(workerId, s -> ready(reader.read(s)), readyTimeout);
        ScreenReading now = reader.read(before);
        if (!ready(now)) {
            return new Result(false, "agent not ready for a fresh conversation: screen reads " + now.status()
                    + (now.line().isEmpty() ? "" : " ('" + now.line() + "')")
                    + (now.input() != null && !now.input().isEmpty() ? ", input box holds '" + now.input() + "'" : ""),
                    Duration.between(start, clock.instant()));
        }
        String why;
        if (profile.clear().isEmpty()) {
            why = "profile '" + profile.name() + "' has no clear command";
        } else {
            terminal.sendText(workerId, profile.clear());
            pause(Duration.ofMillis(profile.submit().enterDelayMillis()));
            terminal.sendKey(workerId, "Enter");
            String after = await(workerId, s -> fresh(s, before, previousPrompt), clearTimeout);
            if (fresh(after, before, previousPrompt)) {
                return new Result(true, "cleared with '" + profile.clear() + "'", Duration.between(start, clock.instant()));
            }
            why = "'" + profile.clear() + "' did not bring a fresh screen within " + clearTimeout.toSeconds()
                    + " s (screen reads " + reader.read(after).status() + ")";
        }
        if (restart == null) return new Result(false, why + "; no way to restart it", Duration.between(start, clock.instant()));
        restart.restart(workerId);
        String screen = await(workerId, s -> ready(reader.read(s)), restartTimeout);
        if (!ready(reader.read(screen))) {
            return new Result(false, why + "; restarted, but not ready within " + restartTimeout.toSeconds()
                    + " s (screen reads " + reader.read(screen).status() + ")", Duration.between(start, clock.instant()));
        }
        return new Result(true, "restarted (" + why + ")", Duration.between(start, clock.instant()));
    }

    private boolean fresh(String screen, String before, String previousPrompt) {
        ScreenReading r = reader.read(screen);
        if (r.status() != AgentStatus.IDLE || !r.inputEmptyOrUnknown() || screen.equals(before)) return false;
        String gone = previousPrompt == null ? "" : previousPrompt.strip().lines().findFirst().orElse("").strip();
        if (gone.length() > 40) gone = gone.substring(0, 40);
        return gone.length() < 6 || !screen.contains(gone);
    }

    private static boolean ready(ScreenReading r) {
        return (r.status() == AgentStatus.IDLE || r.status() == AgentStatus.FINISHED) && r.inputEmptyOrUnknown();
    }

    private String await(String workerId, Predicate<String> done, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        String screen = terminal.capture(workerId);
        while (!done.test(screen) && clock.instant().isBefore(deadline)) {
            pause(POLL);
            screen = terminal.capture(workerId);
        }
        return screen;
    }

    private void pause(Duration d) {
        try {
            waiter.pause(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clearing an agent's conversation", e);
        }
    }
}
