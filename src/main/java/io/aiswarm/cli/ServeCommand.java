package io.aiswarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.web.LiveServers;
import io.aiswarm.web.ServeSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `swarm serve`: the running master serves the web page (see docs/dashboard.md). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Has the cluster's master serve the live web page (workers, HELP items, queue, events; "
                + "answers and task actions) on --bind:--port, and prints its address.",
                "The setting is kept (serve.json in the swarm directory): every master of the cluster serves the page "
                        + "from its start until `swarm serve --stop`. With no master running, the page opens when "
                        + "one starts (swarm up). Loopback by default; any other address needs the token."})
public class ServeCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    ServeOptions serve;

    @Spec
    CommandSpec spec;

    @Option(names = "--stop", description = "Stop serving the page (now, and for later masters).")
    boolean stop;

    @Override
    public Integer call() throws IOException {
        SwarmConfig config = cluster.config();
        SwarmDir.ensure(config.swarmDir());
        PrintWriter out = spec.commandLine().getOut();
        Path file = config.paths().serveSettings();
        ControlSocketClient master = ControlSocketClient.of(config.paths().controlSocket(), "cli");
        if (stop) {
            boolean had = ServeSettings.remove(file);
            Optional<ApiResponse> answer = master.call("POST", LiveServers.SERVE_PATH,
                    Json.MAPPER.writeValueAsString(Map.of("stop", true)), Duration.ofSeconds(10));
            out.println(answer.isPresent() || had ? "swarm: the web page is no longer served"
                    : "swarm: the web page was not served");
            return SwarmMain.EXIT_OK;
        }
        ServeSettings settings = serve.settings();
        Optional<byte[]> before = SafeFiles.readIfExists(file);
        String newToken = serve.save(config, out);
        Optional<ApiResponse> answer = master.call("POST", LiveServers.SERVE_PATH,
                Json.MAPPER.writeValueAsString(Map.of("bind", settings.bind(), "port", settings.port())),
                Duration.ofSeconds(10));
        if (answer.isEmpty()) {
            out.println("swarm: no master is running for cluster '" + config.cluster() + "'; the page opens when it "
                    + "starts (swarm up), on " + settings.bind() + ":" + settings.port());
            return SwarmMain.EXIT_OK;
        }
        JsonNode body = Json.MAPPER.readTree(answer.get().body());
        if (answer.get().status() != 200) {
            // the master could not bind it: keep what was served before
            if (before.isPresent()) SafeFiles.writeAtomically(file, before.get());
            else ServeSettings.remove(file);
            throw new IllegalArgumentException(body.path("error").asText("the master refused"));
        }
        String url = body.path("url").asText();
        out.println("swarm: web page at " + url);
        if (newToken != null) out.println("swarm: open " + url + "?token=" + newToken + " once to sign in");
        return SwarmMain.EXIT_OK;
    }
}
