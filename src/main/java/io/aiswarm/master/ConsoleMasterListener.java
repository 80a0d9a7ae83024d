package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints what the master does, one line per event, and the queue summary when it changed (or every 30 s). */
public final class ConsoleMasterListener implements MasterListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);

    private final PrintWriter out;
    private final Clock clock;
    private Instant lastSummary = Instant.MIN;
    private String lastLine = "";

    public ConsoleMasterListener(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    private void print(String text) {
        out.println(TIME.format(clock.instant()) + " " + text);
        out.flush();
    }

    @Override
    public void dispatched(DispatchResult result) {
        if (result.success()) print("dispatched " + result.taskId() + " -> " + result.workerId());
        else print("not dispatched" + (result.taskId() == null ? "" : " " + result.taskId()) + " to "
                + result.workerId() + ": " + result.reason());
    }

    @Override
    public void finished(TaskInfo task) {
        String exit = task.exitCode() == null ? "" : " (exit " + task.exitCode() + ")";
        String how = task.status() == TaskStatus.DONE ? "done " : "FAILED ";
        print(how + task.taskId() + " on " + task.workerId() + exit
                + (task.resultFile() == null ? "" : ", output in " + task.resultFile()));
    }

    @Override
    public void requeued(TaskInfo task) {
        print((task.status() == TaskStatus.FAILED ? "FAILED " : "requeued ") + task.taskId() + ": " + task.error());
    }

    @Override
    public void help(String workerId, String taskId, String message) {
        print("HELP " + workerId + (taskId.isEmpty() ? "" : " (task " + taskId + ")") + ": " + message
                + "  -> answer with: swarm answer " + workerId + " yes|no|cancel");
    }

    @Override
    public void rescued(String workerId, String action, String reason) {
        print("rescue " + workerId + ": " + action + " (" + reason + ")");
    }

    @Override
    public void message(String text) {
        print(text);
    }

    @Override
    public void round(RoundSummary summary) {
        String line = summary.line();
        boolean due = Duration.between(lastSummary, summary.at()).compareTo(SUMMARY_EVERY) >= 0;
        if (!line.equals(lastLine) || due) {
            print(line);
            lastLine = line;
            lastSummary = summary.at();
        }
    }
}
