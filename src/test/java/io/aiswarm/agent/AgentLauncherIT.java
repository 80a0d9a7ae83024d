package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The argv a worker pane starts its agent with, run as a real process. */
class AgentLauncherIT {
    @TempDir
    Path tmp;

    @Test
    void agentSeesItsWorkerAndNoCiMarkersInheritedFromTheShellThatStartedTmux() throws Exception {
        AgentProfile probe = AgentLauncherTest.profile(List.of("sh", "-c",
                "echo \"$AI_SWARM_WORKER_ID $AI_SWARM_AGENT ci=${CI-unset} gha=${GITHUB_ACTIONS-unset} mine=$MINE\""),
                Map.of("MINE", "${workdir}"));
        List<String> argv = new AgentLauncher(probe, AgentLauncherTest.placeholders(tmp), tmp.resolve("swarm"))
                .command("worker-3");

        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(Map.of("CI", "true", "GITHUB_ACTIONS", "true", "CONTINUOUS_INTEGRATION", "1"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("worker-3 probe ci=unset gha=unset mine=" + tmp);
    }

    @Test
    void aProfileMaySetACiMarkerItself() throws Exception {
        AgentProfile probe = AgentLauncherTest.profile(List.of("sh", "-c", "echo ci=$CI"), Map.of("CI", "1"));
        List<String> argv = new AgentLauncher(probe, AgentLauncherTest.placeholders(tmp), tmp).command("worker-0");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("ci=1");
    }
}
