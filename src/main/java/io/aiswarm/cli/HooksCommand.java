package io.aiswarm.cli;

import io.aiswarm.agent.AgentHooks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code swarm hooks install --agent claude|codex|gemini [DIR]}. */
@Command(name = "hooks", mixinStandardHelpOptions = true, description = "Agent hooks that report turn ends and permission prompts to the status log.",
        subcommands = HooksCommand.Install.class)
public class HooksCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        System.err.println("swarm hooks: say what to do: swarm hooks install --agent claude|codex|gemini [DIR]");
        return SwarmMain.EXIT_USAGE;
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = {
            "Adds the agent's hooks that report its turns to the swarm's status.log.",
            "Each hook appends one JSON line (plain shell, no JVM) when the agent starts a turn (START), ends it",
            "(DONE) or asks permission (WAIT). Existing settings are kept; running it",
            "again replaces only AI Swarm's own entries. Claude: DIR/.claude/settings.json; Gemini:",
            "DIR/.gemini/settings.json (DIR default: the current directory); Codex: notify in DIR/config.toml",
            "(DIR default: $CODEX_HOME or ~/.codex). The hooks log only inside swarm workers (AI_SWARM_WORKER_ID)."})
    static class Install implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Option(names = "--agent", required = true, paramLabel = "AGENT", description = "claude, codex or gemini")
        String agent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "project (or Codex home) directory")
        Path dir;

        @Override
        public Integer call() {
            var config = cluster.config();
            java.io.PrintWriter out = spec.commandLine().getOut();
            Path target = dir != null ? dir.toAbsolutePath().normalize()
                    : AgentHooks.defaultDir(agent, config.env(), Path.of("").toAbsolutePath());
            List<Path> written = AgentHooks.install(agent, target, config.swarmDir());
            out.println("hooks for " + agent + " installed; status lines go to "
                    + config.paths().statusLog());
            written.forEach(p -> out.println("  wrote " + p));
            return SwarmMain.EXIT_OK;
        }
    }
}
