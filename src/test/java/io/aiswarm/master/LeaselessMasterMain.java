package io.aiswarm.master;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Child JVM: a full master on a real tmux session that runs rounds without taking the master lease, as two masters
 * do when the lease file is removed under the first one. Runs until the queue is drained.
 * Args: swarmDir tmuxSocket cluster goFile. It waits for the go file so that two of them start together.
 */
public final class LeaselessMasterMain {
    public static void main(String[] args) throws Exception {
        SwarmConfig config = SwarmConfig.from(args[2], Map.of("AI_SWARM_DIR", args[0], "AI_SWARM_TMUX_SOCKET", args[1]));
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(args[1], SwarmSession.name(args[2]))) {
            SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                    .store(state).panes(new TmuxWorkerPanes(tmux)).build();
            while (!Files.exists(Path.of(args[3]))) Thread.sleep(5);
            RoundSummary last;
            do {
                last = master.runOnce();
                Thread.sleep(20);
            } while (!last.drained());
        }
    }
}
