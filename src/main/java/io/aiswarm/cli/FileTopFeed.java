package io.aiswarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.master.StatusReport;
import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.top.TopFeed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `swarm top` without a master: what `swarm status` reads (tmux and the files) every 2 s, shaped like the master's
 * snapshots. Looking only: the actions need a master.
 */
final class FileTopFeed implements TopFeed {
    static final Duration EVERY = Duration.ofSeconds(2);
    private final SwarmConfig config;
    private final Clock clock;
    private boolean first = true;

    FileTopFeed(SwarmConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Update next() throws InterruptedException {
        if (!first) Thread.sleep(EVERY.toMillis());
        first = false;
        StatusReport report = LocalStatus.read(config, clock, false, 0).report();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("cluster", config.cluster());
        snapshot.putAll(report.toMap());
        return new Update(Json.MAPPER.valueToTree(snapshot), List.of(), false);
    }

    @Override
    public JsonNode tasks() {
        return Json.MAPPER.valueToTree(Map.of("tasks", FileSwarmStore.open(config, clock).queue().list()));
    }

    @Override
    public JsonNode act(String path, String body) throws IOException {
        throw new IOException("no master is running: start one (swarm up) to act from here");
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public void close() {
    }
}
