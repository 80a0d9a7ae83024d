package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PaneTerminal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Types a prompt into an interactive agent so that it is either taken exactly once or not at all:
 * <ol>
 * <li>only into an agent whose screen reads IDLE or FINISHED, with an empty input box (nothing typed into a busy
 * agent, nothing appended to someone else's text);</li>
 * <li>the text (by bracketed paste when long or multi-line), a pause, then Enter as a key;</li>
 * <li>the turn must be seen to start: BUSY or WAITING, or the input box empty after it held the prompt. If the
 * prompt still sits in the box, only Enter is sent again (the text is never typed twice); if the text never
 * showed up, the box is cleared and the whole try repeats.</li>
 * </ol>
 * After {@code maxTries} the box is cleared and the result says why, so the caller can requeue the task.
 */
public final class PromptDelivery {
    /** How delivery waits between two looks at the screen; tests pass one that moves a clock instead. */
    @FunctionalInterface
    public interface Waiter {
        void pause(Duration d) throws InterruptedException;
    }

    private static final Waiter SLEEP = d -> Thread.sleep(d.toMillis());
    private static final Duration POLL = Duration.ofMillis(100);
    private final PaneTerminal terminal;
    private final AgentProfile profile;
    private final AgentScreenReader reader;
    private final Clock clock;
    private final Duration readyTimeout;
    private final Duration startTimeout;
    private final int maxTries;
    private final Waiter waiter;

    public PromptDelivery(PaneTerminal terminal, AgentProfile profile, Clock clock, Duration readyTimeout,
                          Duration startTimeout, int maxTries) {
        this(terminal, profile, clock, readyTimeout, startTimeout, maxTries, SLEEP);
    }

    public PromptDelivery(PaneTerminal terminal, AgentProfile profile, Clock clock, Duration readyTimeout,
                          Duration startTimeout, int maxTries, Waiter waiter) {
        this.waiter = waiter;
        this.terminal = terminal;
        this.profile = profile;
        this.reader = new AgentScreenReader(profile);
        this.clock = clock;
        this.readyTimeout = readyTimeout;
        this.startTimeout = startTimeout;
        this.maxTries = Math.max(1, maxTries);
    }

    public static PromptDelivery withDefaults(PaneTerminal terminal, AgentProfile profile) {
        return new PromptDelivery(terminal, profile, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofSeconds(10), 3);
    }

    /** One look at the screen: would a prompt be typed into this agent now? */
    public boolean readyNow(String workerId) {
        return terminal.alive(workerId) && isReady(reader.read(terminal.capture(workerId)));
    }

    public DeliveryResult deliver(String workerId, String prompt) {
        List<String> notes = new ArrayList<>();
        if (!terminal.alive(workerId)) {
            notes.add("the agent's process has ended (its pane shows the last screen)");
            return new DeliveryResult(false, 0, notes.get(0), notes);
        }
        ScreenReading ready = await(workerId, r -> isReady(r), readyTimeout);
        if (!isReady(ready)) {
            String why = "agent not ready for a prompt: screen reads " + ready.status()
                    + (ready.line().isEmpty() ? "" : " ('" + ready.line() + "')")
                    + (ready.input() != null && !ready.input().isEmpty() ? ", input box holds '" + ready.input() + "'" : "");
            notes.add(why);
            return new DeliveryResult(false, 0, why, notes);
        }
        for (int attempt = 1; attempt <= maxTries; attempt++) {
            String outcome = tryOnce(workerId, prompt);
            notes.add("try " + attempt + ": " + outcome);
            if (outcome.startsWith("started")) return new DeliveryResult(true, attempt, outcome, notes);
            clearInput(workerId);
            if (!isReady(await(workerId, this::isReady, readyTimeout))) {
                notes.add("agent did not return to an empty prompt after try " + attempt);
                break;
            }
        }
        return new DeliveryResult(false, notes.size(), "prompt not taken after " + maxTries + " tries: "
                + notes.get(notes.size() - 1), notes);
    }

    private String tryOnce(String workerId, String prompt) {
        if (profile.submit().needsPaste(prompt)) {
            terminal.paste(workerId, prompt);
        } else {
            terminal.sendText(workerId, prompt);
        }
        boolean knowsInput = reader.read(terminal.capture(workerId)).input() != null;
        if (knowsInput) {
            ScreenReading typed = await(workerId, r -> r.input() != null && !r.input().isEmpty(), Duration.ofSeconds(3));
            if (typed.input() == null || typed.input().isEmpty()) return "the text never showed in the input box";
        }
        pause(Duration.ofMillis(profile.submit().enterDelayMillis()));
        terminal.sendKey(workerId, "Enter");
        Duration half = startTimeout.dividedBy(2);
        ScreenReading after = await(workerId, this::started, half);
        if (started(after)) return "started (" + describe(after) + ")";
        if (knowsInput && after.input() != null && !after.input().isEmpty()) {
            terminal.sendKey(workerId, "Enter"); // the text is still there unsent: only Enter again, never the text
            after = await(workerId, this::started, half);
            if (started(after)) return "started after a second Enter (" + describe(after) + ")";
        }
        return "turn did not start within " + startTimeout.toMillis() + " ms (screen reads " + describe(after) + ")";
    }

    private boolean isReady(ScreenReading r) {
        boolean prompt = r.status() == AgentStatus.IDLE || r.status() == AgentStatus.FINISHED;
        return prompt && (r.input() == null || r.input().isEmpty());
    }

    private boolean started(ScreenReading r) {
        if (r.status() == AgentStatus.BUSY || r.status() == AgentStatus.WAITING) return true;
        return r.input() != null && r.input().isEmpty() && r.status() != AgentStatus.UNKNOWN;
    }

    private void clearInput(String workerId) {
        terminal.sendKey(workerId, "C-u");
    }

    private ScreenReading await(String workerId, Predicate<ScreenReading> done, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        ScreenReading r = reader.read(terminal.capture(workerId));
        while (!done.test(r) && clock.instant().isBefore(deadline)) {
            pause(POLL);
            r = reader.read(terminal.capture(workerId));
        }
        return r;
    }

    private static String describe(ScreenReading r) {
        return r.status() + (r.line().isEmpty() ? "" : " '" + r.line() + "'")
                + (r.input() == null ? "" : ", input '" + r.input() + "'");
    }

    private void pause(Duration d) {
        try {
            waiter.pause(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering a prompt", e);
        }
    }
}
