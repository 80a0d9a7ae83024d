package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import picocli.CommandLine.Option;

/** Options every command takes, anywhere on the line: which cluster. Mixed into each command. */
public class ClusterOptions {
    @Option(names = {"--cluster", "--cluster-id"}, paramLabel = "NAME", defaultValue = "${env:AI_SWARM_CLUSTER:-default}",
            description = "Cluster (swarm) to act on; default: $AI_SWARM_CLUSTER or 'default'.")
    String cluster;

    public SwarmConfig config() {
        return SwarmConfig.fromEnvironment(cluster);
    }
}
