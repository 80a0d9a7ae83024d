package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes, anywhere on the line: which cluster. Mixed into each command. */
public class ClusterOptions {
    @Option(names = {"--cluster", "--cluster-id"}, paramLabel = "NAME", defaultValue = "${env:AI_SWARM_CLUSTER:-default}",
            description = "Cluster (swarm) to act on; default: $AI_SWARM_CLUSTER or 'default'.")
    String cluster;

    /** Tests run commands in-process with their own environment (AI_SWARM_DIR in a temp dir); null = the real one. */
    static volatile Map<String, String> environmentOverride;

    public SwarmConfig config() {
        Map<String, String> env = environmentOverride;
        return env == null ? SwarmConfig.fromEnvironment(cluster) : SwarmConfig.from(cluster, env);
    }
}
