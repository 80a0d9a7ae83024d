package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PaneEventsTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final PaneEvents paneEvents = new PaneEvents(List.of(new TmuxListener() {
        @Override
        public void paneExited(String workerId, String paneId) {
            events.add(workerId + " " + paneId);
        }
    }), () -> Set.of("%1"), () -> { }, pane -> null, pane -> null);

    private void report(String pane, String value) {
        paneEvents.notification("%subscription-changed swarm-panes $0 @1 1 " + pane + " : " + value);
    }

    @Test
    void aPaneHasExitedOnlyOnceItsStatusOrSignalIsKnown() {
        report("%1", "100 0    worker-0");
        long self = ProcessHandle.current().pid(); // a live process: not ended
        report("%1", self + " 0    worker-0");
        report("%1", self + " 1    worker-0"); // terminal closed, process not reaped yet
        assertThat(events).isEmpty();
        report("%1", "100 0    worker-0");
        assertThat(events).isEmpty();
        report("%1", "100 1 3   worker-0");
        assertThat(events).containsExactly("worker-0 %1");
        report("%1", "200 1 0   worker-0"); // a short task came and went between two reports
        report("%1", "300 1  15  worker-0"); // killed by a signal
        report("%1", "400 1   7 worker-0"); // status lost by tmux, recorded by the runInPane wrapper
        assertThat(events).containsExactly("worker-0 %1", "worker-0 %1", "worker-0 %1", "worker-0 %1");
    }

    @Test
    void aDeadPaneWithoutStatusHasExitedOnceItsProcessIsGoneOrTmuxCatchesUp() throws Exception {
        long gone = 4_194_305; // above Linux's largest pid_max (2^22): no such process, ever
        report("%1", gone + " 0    worker-0");
        report("%1", gone + " 1    worker-0");
        assertThat(events).containsExactly("worker-0 %1");

        long self = ProcessHandle.current().pid();
        String[] now = {self + " 1   "};
        PaneEvents late = new PaneEvents(List.of(new TmuxListener() {
            @Override
            public void paneExited(String workerId, String paneId) {
                events.add("late " + workerId);
            }
        }), () -> Set.of("%5"), () -> { }, pane -> now[0], pane -> null, Duration.ofMillis(10));
        late.notification("%subscription-changed swarm-panes $0 @1 1 %5 : " + self + " 0    worker-5");
        late.notification("%subscription-changed swarm-panes $0 @1 1 %5 : " + self + " 1    worker-5");
        assertThat(events).doesNotContain("late worker-5");
        now[0] = self + " 1   4"; // recorded by the wrapper
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> events.contains("late worker-5"));
        late.closing();
    }

    @Test
    void firstSightOfAFinishedPaneIsNotAnExitUnlessAStartWasExpected() {
        report("%1", "100 1 0   worker-0");
        assertThat(events).isEmpty();
        paneEvents.expectStart("%2", "worker-1");
        report("%2", "200 1 0   worker-1");
        assertThat(events).containsExactly("worker-1 %2");
        report("%3", "300 1 0   "); // not a worker pane
        assertThat(events).hasSize(1);
    }

    @Test
    void aPaneThatWentAwayIsReportedOnce() {
        report("%1", "100 0    worker-0");
        report("%2", "200 0    worker-1");
        paneEvents.notification("%window-close @2");
        paneEvents.notification("%layout-change @1 x y z");
        assertThat(events).containsExactly("worker-1 %2");
    }
}
