package io.aiswarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.bench.Figure.Target;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureAndGapsTest {
    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00.000Z");

    private static StatusEvent e(long ms, String worker, String task, BroadcastState state) {
        return new StatusEvent(T0.plusMillis(ms), worker, task, state, "", null);
    }

    @Test
    void verdictsAndHowFarAMissIs() {
        assertThat(Figure.checked("b", "p50", 12, "ms", Target.atMost(20), "").verdict()).isEqualTo("pass");
        Figure over = Figure.checked("b", "p50", 30, "ms", Target.atMost(20), "");
        assertThat(over.verdict()).isEqualTo("miss");
        assertThat(over.missedBy()).isEqualTo("50% over");
        assertThat(Figure.checked("b", "p50", 188, "ms", Target.atMost(20), "").missedBy()).isEqualTo("9.4x over");
        Figure under = Figure.checked("b", "eff", 76, "%", Target.atLeast(95), "");
        assertThat(under.missedBy()).isEqualTo("20% under");
        assertThat(Figure.checked("b", "x", Double.NaN, "", Target.atMost(1), "").verdict()).isEqualTo("miss");
        assertThat(Figure.info("b", "x", 3, "ms", "").verdict()).isEqualTo("info");
        assertThat(Target.atMost(20).describe("ms")).isEqualTo("<= 20.0 ms");
    }

    @Test
    void dispatchGapsRunFromAWorkersDoneToItsNextStartSplitAtTheAssignment() {
        List<StatusEvent> log = List.of(
                e(0, "worker-0", "a", BroadcastState.ASSIGNED),
                e(5, "worker-0", "a", BroadcastState.START), // first task: not a dispatch after an end
                e(10, "worker-1", "b", BroadcastState.START),
                e(20, "worker-0", "a", BroadcastState.DONE),
                e(25, "worker-1", "b", BroadcastState.ERROR),
                e(32, "worker-0", "c", BroadcastState.ASSIGNED),
                e(40, "worker-0", "c", BroadcastState.START),
                e(41, "worker-1", "d", BroadcastState.START), // no ASSIGNED seen: total only
                e(50, "master", "", BroadcastState.HELP));
        List<DispatchLatencyBench.Gap> gaps = DispatchLatencyBench.gaps(log);
        assertThat(gaps).hasSize(2);
        assertThat(gaps.get(0)).isEqualTo(new DispatchLatencyBench.Gap(20, 12, 8));
        assertThat(gaps.get(1).totalMs()).isEqualTo(16);
        assertThat(gaps.get(1).reactionMs()).isNaN();
        assertThat(DispatchLatencyBench.assignIntervals(log)).containsExactly(32.0);
    }
}
