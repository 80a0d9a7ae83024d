package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's checks before a pane starts (running its argv is {@link AgentLauncherIT}). */
class AgentLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void missingExecutableNamesTheProfileAndTheSettingToChange() {
        AgentProfile probe = profile(List.of("no-such-agent-cli"), Map.of());
        assertThatThrownBy(() -> new AgentLauncher(probe, placeholders(tmp), tmp).command("worker-0"))
                .hasMessageContaining("'no-such-agent-cli' is not found on PATH")
                .hasMessageContaining("agents.probe.command");
    }

    static Placeholders placeholders(Path tmp) {
        return new Placeholders(tmp, tmp.resolve("home"), null, Map.of("PATH", "/usr/bin:/bin"));
    }

    /** A generic profile that runs {@code command}; also used by {@link AgentLauncherIT}. */
    static AgentProfile profile(List<String> command, Map<String, String> env) {
        AgentProfile generic = AgentProfiles.builtin().get("generic");
        return new AgentProfile("probe", "test probe", command, env, generic.submit(), generic.screen(), List.of(),
                List.of(), null, "test");
    }
}
