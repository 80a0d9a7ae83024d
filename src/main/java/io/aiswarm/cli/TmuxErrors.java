package io.aiswarm.cli;

/** How the tmux commands report a TmuxException: "swarm: message" on stderr, exit 1. */
final class TmuxErrors {
    private TmuxErrors() {
    }

    static int fail(String message) {
        System.err.println("swarm: " + message);
        return SwarmMain.EXIT_FAILURE;
    }
}
