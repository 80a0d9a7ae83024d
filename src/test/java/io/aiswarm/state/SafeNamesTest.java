package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule for every name that becomes a file name, a tmux option or an SQL value, and its users agree on it. */
class SafeNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"worker-0", "task-000001", "a", "A.b_c-9", "-x", "_y", "x..y",
            "1234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsLettersDigitsDotsUnderscoresAndDashes(String name) {
        assertThat(SafeNames.isSafe(name)).isTrue();
        assertThat(WorkerIds.isValid(name)).isTrue();
        assertThat(TaskIds.isValid(name)).isTrue();
        assertThat(SwarmConfig.from(name, Map.of("AI_SWARM_DIR", "/tmp/x")).cluster()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".hidden", "worker 1", "a/b", "../x", "é", "a\nb", "tab\t",
            "12345678901234567890123456789012345678901234567890123456789012345"})
    void refusesEverythingElseTheSameWayEverywhere(String name) {
        assertThat(SafeNames.isSafe(name)).isFalse();
        assertThat(WorkerIds.isValid(name)).isFalse();
        assertThat(TaskIds.isValid(name)).isFalse();
        if (!name.isBlank()) { // a blank cluster means the default one
            assertThatThrownBy(() -> SwarmConfig.from(name, Map.of("AI_SWARM_DIR", "/tmp/x")))
                    .hasMessageContaining(SafeNames.RULE);
        }
        assertThatThrownBy(() -> WorkerIds.require(name)).hasMessageContaining(SafeNames.RULE);
    }
}
