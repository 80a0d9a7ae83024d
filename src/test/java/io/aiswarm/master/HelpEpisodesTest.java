package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpEpisodesTest {
    private final HelpEpisodes episodes = new HelpEpisodes();

    @Test
    void aWorkersHelpAndWaitLinesForOneTaskAreOneEpisodeUntilAnyOtherLine() {
        assertThat(feed("w1", "t1", BroadcastState.WAIT)).isFalse();
        assertThat(feed("w1", "t1", BroadcastState.HELP)).isTrue();
        assertThat(feed("w1", "t1", BroadcastState.WAIT)).isFalse();
        assertThat(feed("w1", "t1", BroadcastState.HELP)).isFalse();
        assertThat(episodes.isOpen("w1", "t1")).isTrue();
        assertThat(feed("w2", "t2", BroadcastState.HELP)).as("another worker").isTrue();
        assertThat(feed("w1", "t1", BroadcastState.START)).isFalse();
        assertThat(episodes.isOpen("w1", "t1")).isFalse();
        assertThat(feed("w1", "t1", BroadcastState.HELP)).as("after working again").isTrue();
        assertThat(feed("w1", "t3", BroadcastState.HELP)).as("another task").isTrue();
        assertThat(feed("w1", "t4", BroadcastState.WAIT)).isFalse();
        assertThat(episodes.isOpen("w1", "t3")).as("a WAIT for another task ends it").isFalse();
        for (BroadcastState end : List.of(BroadcastState.DONE, BroadcastState.ERROR, BroadcastState.ASSIGNED,
                BroadcastState.SKIP)) {
            feed("w1", "t5", BroadcastState.HELP);
            feed("w1", "t5", end);
            assertThat(episodes.isOpen("w1", "t5")).as("%s ends it", end).isFalse();
        }
    }

    @Test
    void helpWithoutATaskIsAnEpisodeToo() {
        assertThat(feed("w1", null, BroadcastState.HELP)).isTrue();
        assertThat(feed("w1", null, BroadcastState.HELP)).isFalse();
        assertThat(episodes.isOpen("w1", null)).isTrue();
    }

    private boolean feed(String worker, String task, BroadcastState state) {
        return episodes.opens(new StatusEvent(Instant.now(), worker, task, state, "", Map.of()));
    }
}
