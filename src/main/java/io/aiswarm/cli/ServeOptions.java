package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.web.ServeSettings;
import io.aiswarm.web.WebToken;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Where the web page is served (`swarm serve`, `swarm up --serve`), and saving it for the cluster's masters. */
public class ServeOptions {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8420",
            description = "Port of the web page (default: 8420; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: 127.0.0.1, this machine only). Any other address needs the "
                    + "token, made and printed the first time.")
    String bind;

    ServeSettings settings() {
        return new ServeSettings(bind, port);
    }

    /**
     * Writes serve.json, where every master of the cluster finds it; beyond loopback makes the token first and
     * prints it if it is new (the one time it is printed). Returns the token printed, or null.
     */
    String save(SwarmConfig config, PrintWriter out) {
        ServeSettings settings = settings();
        String newToken = null;
        if (!settings.loopback()) {
            WebToken.Loaded token = WebToken.loadOrCreate(config.paths().webToken());
            if (token.created()) {
                newToken = token.token();
                out.println("swarm: made the web page's token (printed this once; kept in "
                        + config.paths().webToken() + "):");
                out.println("  " + newToken);
            } else {
                out.println("swarm: the page needs the token in " + config.paths().webToken());
            }
        }
        settings.write(config.paths().serveSettings());
        return newToken;
    }
}
