package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaneActivityTest {
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private final AtomicInteger wakes = new AtomicInteger();
    private final PaneActivity activity = new PaneActivity(clock, wakes::incrementAndGet);

    @Test
    void aPaneIsDueOnceItWasQuietLongEnoughAndWakesTheMasterOncePerBurst() {
        assertThat(activity.untilNextDue()).isEmpty();
        activity.printed("worker-1");
        clock.advance(Duration.ofMillis(20));
        activity.printed("worker-1"); // the rest of the prompt
        assertThat(wakes).hasValue(1);
        assertThat(activity.untilNextDue()).contains(PaneActivity.QUIET);
        clock.advance(PaneActivity.QUIET.minusMillis(1));
        assertThat(activity.takeDue()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(activity.takeDue()).containsExactly("worker-1");
        assertThat(activity.takeDue()).isEmpty();
        assertThat(activity.untilNextDue()).isEmpty();
        activity.printed("worker-1");
        assertThat(wakes).hasValue(2);
    }

    @Test
    void aPaneThatNeverStopsPrintingIsDueAfterTheMaximumWait() {
        for (int i = 0; i < 100; i++) {
            activity.printed("worker-2");
            if (!activity.takeDue().isEmpty()) {
                assertThat(Duration.ofMillis(10L * i)).isEqualTo(PaneActivity.MAX_WAIT);
                return;
            }
            clock.advance(Duration.ofMillis(10));
        }
        throw new AssertionError("a spinner's pane never became due");
    }

    @Test
    void onlyDuePanesAreTakenAndClearedOnesAreForgotten() {
        activity.printed("worker-0");
        clock.advance(PaneActivity.QUIET);
        activity.printed("worker-10");
        activity.printed("worker-3");
        assertThat(activity.takeDue()).containsExactly("worker-0");
        activity.clear(java.util.Set.of("worker-3"));
        clock.advance(PaneActivity.QUIET);
        assertThat(activity.takeDue()).containsExactly("worker-10");
    }

    @Test
    void aQuietPaneIsDueWhenAnObserverAskedForAnotherLookAndCapturingItForgetsTheAsk() {
        activity.lookAgain("worker-4", Duration.ofMillis(300));
        activity.lookAgain("worker-4", Duration.ofMillis(900)); // the earlier ask stays
        assertThat(activity.untilNextDue()).contains(Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(299));
        assertThat(activity.takeDue()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(activity.takeDue()).containsExactly("worker-4");
        assertThat(activity.untilNextDue()).isEmpty();
        activity.lookAgain("worker-4", Duration.ofMillis(100));
        activity.clear(java.util.Set.of("worker-4"));
        clock.advance(Duration.ofMillis(100));
        assertThat(activity.takeDue()).isEmpty();
    }
}
