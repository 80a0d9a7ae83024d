package io.aiswarm.master;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs the person's notify command (AI_SWARM_NOTIFY_CMD, through sh -c) when a worker needs help, with
 * AI_SWARM_WORKER_ID, AI_SWARM_TASK_ID and AI_SWARM_MESSAGE in its environment. It runs in the background:
 * a slow command never holds up the master.
 */
final class Notifier {
    static final String ENV_NOTIFY_CMD = "AI_SWARM_NOTIFY_CMD";

    private final String command;
    private final Consumer<String> log;

    Notifier(String command, Consumer<String> log) {
        this.command = command == null ? "" : command.trim();
        this.log = log;
    }

    /** The way to answer, unless the message names it already. */
    static String hint(String workerId, String message) {
        if (message != null && message.contains("swarm answer")) return "";
        return " (answer with: swarm answer " + workerId + " yes|no|cancel)";
    }

    void notifyHelp(String workerId, String taskId, String message) {
        if (command.isEmpty()) return;
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("AI_SWARM_WORKER_ID", workerId);
        pb.environment().put("AI_SWARM_TASK_ID", taskId == null ? "" : taskId);
        pb.environment().put("AI_SWARM_MESSAGE", (message == null ? "" : message) + hint(workerId, message));
        try {
            pb.start();
        } catch (IOException e) {
            log.accept(ENV_NOTIFY_CMD + " could not start: " + e.getMessage());
        }
    }
}
