package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SubcommandsTest {
    @TempDir
    Path tmp;

    @Test
    void namesAreTheCommandsOwn() {
        Subcommands.all().forEach((name, type) ->
                assertThat(type.getAnnotation(Command.class).name()).as(type.getName()).isEqualTo(name));
    }

    @Test
    void onlyTheNamedCommandIsBuilt() {
        assertThat(Subcommands.forArgs("task", "add", "--", "true").keySet()).containsExactly("task");
        assertThat(Subcommands.forArgs("--cluster", "status", "status").keySet()).containsExactly("status");
        assertThat(Subcommands.forArgs("--cluster=x", "--cluster-id", "y", "log").keySet()).containsExactly("log");
        assertThat(Subcommands.forArgs("--version")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "help", "help task", "-h status", "--version status", "stauts", "--cluster",
            "task @args", "-V -h"})
    void everyCommandWhenTheLineIsNotPlain(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(Subcommands.forArgs(args).keySet()).containsExactlyElementsOf(Subcommands.all().keySet());
    }

    /** The one-command tree prints exactly what the whole tree prints, errors and usage included. */
    @ParameterizedTest
    @ValueSource(strings = {"task add", "task add --priority x -- true", "task add --retries 999 -- true",
            "status --bogus", "task lst", "task add -h", "--cluster bad/name status", "--version",
            "task add --id t1 -- echo hi", "task list", "status"})
    void sameOutputAsTheWholeTree(String line) {
        String[] args = line.split(" ");
        Map<String, String> env = Map.of("AI_SWARM_DIR", tmp.resolve("swarm").toString(), "HOME", tmp.toString(),
                "AI_SWARM_TMUX_SOCKET", "subcommands-test-none");
        String[] whole = run(SwarmMain.commandLine(), env, args);
        // the first run may have added a task: a fresh directory for the second
        Map<String, String> env2 = Map.of("AI_SWARM_DIR", tmp.resolve("swarm2").toString(), "HOME", tmp.toString(),
                "AI_SWARM_TMUX_SOCKET", "subcommands-test-none");
        String[] lazy = run(SwarmMain.commandLine(args), env2, args);
        assertThat(lazy[0]).isEqualTo(whole[0]);
        assertThat(lazy[1].replace("swarm2", "swarm")).isEqualTo(whole[1]);
        assertThat(lazy[2].replace("swarm2", "swarm")).isEqualTo(whole[2]);
    }

    private static String[] run(CommandLine cmd, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ClusterOptions.environmentOverride = env;
        try {
            int exit = cmd.execute(args);
            return new String[] {Integer.toString(exit), out.toString(), err.toString()};
        } finally {
            ClusterOptions.environmentOverride = null;
        }
    }
}
