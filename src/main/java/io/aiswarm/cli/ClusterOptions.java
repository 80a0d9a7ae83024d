package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Options every command takes, anywhere on the line: which cluster. Mixed into each command and into the root, so
 * {@code swarm --cluster x status}, {@code swarm task --cluster x list} and {@code swarm task list --cluster x} all
 * work: the nearest command that was given {@code --cluster} wins.
 */
public class ClusterOptions {
    static final String OPTION = "--cluster";
    static final String ID_OPTION = "--cluster-id";

    @Option(names = {OPTION, ID_OPTION}, paramLabel = "NAME", defaultValue = "${env:AI_SWARM_CLUSTER:-default}",
            description = "Cluster (swarm) to act on; default: $AI_SWARM_CLUSTER or 'default'.")
    String cluster;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Tests run commands in-process with their own environment (AI_SWARM_DIR in a temp dir); null = the real one. */
    static volatile Map<String, String> environmentOverride;

    /** Set when the master runs a command for bin/swarm (see {@link CliViaMaster}): the master's own configuration. */
    SwarmConfig fixed;

    public SwarmConfig config() {
        if (fixed != null) return fixed;
        String name = name();
        Map<String, String> env = environmentOverride;
        return env == null ? SwarmConfig.fromEnvironment(name) : SwarmConfig.from(name, env);
    }

    /** The cluster given on this command or on the nearest of its parents, else the default. */
    String name() {
        for (CommandSpec spec = mixee; spec != null; spec = spec.parent()) {
            ParseResult parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
            if (parsed != null && parsed.hasMatchedOption(OPTION)) return parsed.matchedOptionValue(OPTION, cluster);
        }
        return cluster;
    }
}
