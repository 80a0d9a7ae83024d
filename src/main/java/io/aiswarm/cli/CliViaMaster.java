package io.aiswarm.cli;

import io.aiswarm.api.ApiRequest;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.view.Requester;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The running master runs `swarm status` and `swarm task add` for bin/swarm's curl client, so that a person's command
 * costs no JVM start: POST /cli/v1 on its local socket, the body the client's AI_SWARM_TASKS_FILE and its arguments,
 * each ended by a NUL byte. The same picocli commands run, on the master's own configuration and store (and, for status,
 * its answer without the socket), and print the same text with the same exit code; the answer is
 * {@code "EXIT OUT_BYTES ERR_BYTES\n" + out + err}. Whatever would not run the same way here (another command, a usage
 * error or help, which the JVM may colour for a terminal, --file, --cpu-sample, another tasks file, a shared store) is
 * declined (409) before anything is done, and bin/swarm starts the JVM as before.
 */
final class CliViaMaster implements Function<ApiRequest, ApiResponse> {
    static final String PATH = "/cli/v1";

    private final SwarmConfig config;
    private final SwarmStore store;
    private final Function<ApiRequest, ApiResponse> api;

    /** @param api the master's API (its status answer) */
    CliViaMaster(SwarmConfig config, SwarmStore store, Function<ApiRequest, ApiResponse> api) {
        this.config = config;
        this.store = store;
        this.api = api;
    }

    @Override
    public ApiResponse apply(ApiRequest request) {
        if (!request.method().equals("POST")) return ApiResponse.error(405, "use POST");
        List<String> fields = fields(request.body());
        if (fields.isEmpty()) return decline("no arguments");
        if (SwarmStores.isShared(config)) return decline("a shared store: commands read it themselves");
        if (!sameTasksFile(fields.get(0))) return decline("another tasks file");
        return new Run(request.requester()).run(fields.subList(1, fields.size()).toArray(String[]::new));
    }

    private static ApiResponse decline(String why) {
        return ApiResponse.error(409, "not run by the master: " + why);
    }

    private boolean sameTasksFile(String fromClient) {
        try {
            return SwarmConfig.from(config.cluster(), Map.of(SwarmConfig.ENV_DIR, config.swarmDir().toString(),
                    SwarmConfig.ENV_TASKS_FILE, fromClient)).tasksFile().equals(config.tasksFile());
        } catch (RuntimeException e) {
            return false; // the JVM says what is wrong with it
        }
    }

    /** NUL-ended fields; a last field without its NUL is not a field. */
    static List<String> fields(String body) {
        List<String> fields = new ArrayList<>();
        int from = 0;
        for (int nul = body.indexOf('\0'); nul >= 0; nul = body.indexOf('\0', from)) {
            fields.add(body.substring(from, nul));
            from = nul + 1;
        }
        return fields;
    }

    /** One command line, run once. */
    private final class Run {
        private final Requester requester;
        private String declined;

        Run(Requester requester) {
            this.requester = requester;
        }

        ApiResponse run(String[] args) {
            CommandLine cmd = SwarmMain.commandLine(args);
            if (!cmd.getSubcommands().keySet().equals(java.util.Set.of("status"))
                    && !cmd.getSubcommands().keySet().equals(java.util.Set.of("task"))) {
                return decline("not status or task add");
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            cmd.setParameterExceptionHandler((e, a) -> {
                declined = "a usage error";
                return SwarmMain.EXIT_USAGE;
            });
            CommandLine.IExecutionStrategy strategy = cmd.getExecutionStrategy();
            cmd.setExecutionStrategy(parsed -> {
                declined = prepare(parsed);
                return declined != null ? SwarmMain.EXIT_USAGE : strategy.execute(parsed);
            });
            int exit = cmd.execute(args);
            if (declined != null) return decline(declined);
            String o = out.toString();
            String e = err.toString();
            return ApiResponse.text(exit + " " + o.getBytes(StandardCharsets.UTF_8).length + " "
                    + e.getBytes(StandardCharsets.UTF_8).length + "\n" + o + e);
        }

        /** Why this line is not run here, or null once it is ready to run on the master's configuration and store. */
        private String prepare(ParseResult parsed) {
            List<CommandSpec> chain = new ArrayList<>();
            for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return "help";
                chain.add(p.commandSpec());
            }
            Object leaf = chain.get(chain.size() - 1).userObject();
            if (leaf instanceof TaskCommand.Add add) {
                if (add.payload.file != null) return "--file reads a file or standard input";
            } else if (leaf instanceof StatusCommand status) {
                if (status.cpuSampleMillis != 0) return "--cpu-sample";
                status.master = this::status;
            } else {
                return "not status or task add";
            }
            for (CommandSpec spec : chain) {
                CommandSpec mixin = spec.mixins().get("cluster");
                if (mixin != null && mixin.userObject() instanceof ClusterOptions options) options.fixed = config;
                if (spec.userObject() instanceof StateCommand command) command.useStore(store);
            }
            return null;
        }

        private ApiResponse status(String target) {
            ApiResponse answer = api.apply(ApiRequest.of("GET", target, "", requester, null));
            if (answer.status() != 200) {
                declined = "the master's status answer failed: " + answer.body();
                throw new IllegalStateException(declined); // ends the command; nothing it printed is sent
            }
            return answer;
        }
    }
}
