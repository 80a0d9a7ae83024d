package io.aiswarm.master;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.TmuxQuoting;
import io.aiswarm.workspace.TaskWorkspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell script an exec worker's pane runs for one task. It reports START, runs the command, and appends
 * DONE or ERROR with meta.exit_code to status.log with plain shell: no JVM per task. Each report is one
 * printf of one short line to a file opened for append, so lines from many panes never interleave.
 * meta.attempt lets the master ignore the report of an attempt it already gave up on.
 * The script runs under {@link #shell()}; the task's command always runs under {@code sh -c}.
 */
public final class ExecTaskScript {
    /**
     * A status line's time: bash 5's $EPOCHREALTIME formatted by its printf (no process), else GNU date. Two
     * `date` processes cost a task about 2 ms of CPU, as much as the rest of its script. The decimal separator of
     * $EPOCHREALTIME follows the locale; TZ=UTC0 applies to that printf alone.
     */
    static final String TIMESTAMP_FUNCTION = "swarm_ts() { if [ -n \"${EPOCHREALTIME-}\" ]; then "
            + "swarm_t=$EPOCHREALTIME; TZ=UTC0 printf -v swarm_now '%(%Y-%m-%dT%H:%M:%S)T.%.3sZ' "
            + "\"${swarm_t%[.,]*}\" \"${swarm_t#*[.,]}\"; "
            + "else swarm_now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); fi; }";
    private static volatile String shell;

    private ExecTaskScript() {
    }

    /** The absolute path of bash when it is on this process's PATH, else "sh": what runs the script. */
    public static String shell() {
        String found = shell;
        if (found == null) {
            found = Executables.find("bash", System.getenv().getOrDefault("PATH", "")).map(Path::toString).orElse("sh");
            shell = found;
        }
        return found;
    }

    /**
     * How long a script waits for its output pipe before it runs the command anyway (the master that started it
     * died before opening the pipe: the output then shows only in the pane).
     */
    static final int PIPE_WAIT_SECONDS = 10;

    /**
     * The script for one attempt of a task. It runs the command stored in {@code commandFile} with {@code sh}
     * (a file, not an argument: a command of any length, starting with '-', runs as written). START carries the
     * script's pid, which is its process group (tmux makes a pane's process a group leader). Status lines are
     * appended only to a regular file, never through a link planted as status.log. With {@code waitForPipe} (bash
     * only: it needs {@code read -t}) the script first waits for the byte its output pipe types.
     */
    public static String build(TaskInfo task, String workerId, SwarmPaths paths, Path commandFile,
                               boolean waitForPipe) {
        requireCommand(task);
        String line = statusFormat(task, workerId);
        List<String> lines = new ArrayList<>(List.of(
                "umask 077", // what the script and its command create is private, like the swarm directory
                "export AI_SWARM_TASK_ID=" + TmuxQuoting.shell(task.taskId())
                        + " AI_SWARM_WORKER_ID=" + TmuxQuoting.shell(workerId)
                        + " AI_SWARM_DIR=" + TmuxQuoting.shell(paths.root().toString())
                        + " AI_SWARM_ATTEMPT=" + task.attempts(),
                "swarm_log=" + TmuxQuoting.shell(paths.statusLog().toString()),
                "swarm_cmd=" + TmuxQuoting.shell(commandFile.toAbsolutePath().toString()),
                "swarm_fmt=" + TmuxQuoting.shell(line),
                TIMESTAMP_FUNCTION,
                "swarm_report() { swarm_ts; " + REPORT_FUNCTION.substring(REPORT_FUNCTION.indexOf('{') + 1)));
        if (waitForPipe) lines.add("IFS= read -r -t " + PIPE_WAIT_SECONDS + " swarm_go 2>/dev/null");
        lines.addAll(List.of(
                "swarm_report START running \"\\\"pid\\\":$$,\"",
                inWorktree(task) + "sh \"$swarm_cmd\"",
                "swarm_code=$?",
                "if [ \"$swarm_code\" -eq 0 ]; then swarm_state=DONE; else swarm_state=ERROR; fi",
                "swarm_report \"$swarm_state\" \"exit $swarm_code\" \"\\\"exit_code\\\":$swarm_code,\"",
                ""));
        return String.join("\n", lines);
    }

    /**
     * Appends one status line (state $1, message $2, meta fields $3) at time $swarm_now, in format $swarm_fmt, to
     * $swarm_log: only a regular file in a real directory, never through a link planted as status.log.
     */
    static final String REPORT_FUNCTION = "swarm_report() { if [ -L \"$AI_SWARM_DIR\" ] || [ -L \"$swarm_log\" ]"
            + " || { [ -e \"$swarm_log\" ] && [ ! -f \"$swarm_log\" ]; };"
            + " then printf 'swarm: %s is not a regular file in a real directory; status not written\\n'"
            + " \"$swarm_log\" >&2;"
            + " return 1; fi; printf \"$swarm_fmt\" \"$swarm_now\" \"$1\" \"$2\" \"$3\" >> \"$swarm_log\"; }";

    /** The printf format of this attempt's status lines: time, state, message, then meta fields before attempt. */
    private static String statusFormat(TaskInfo task, String workerId) {
        return "{\"ts\":\"%s\",\"worker_id\":\"" + printfSafe(json(workerId)) + "\",\"task_id\":\""
                + printfSafe(json(task.taskId())) + "\",\"state\":\"%s\",\"message\":\"%s\",\"meta\":{%s\"attempt\":"
                + task.attempts() + "}}\\n";
    }

    /**
     * The variables an attempt gives its runner besides task, attempt and tag, in the order of {@link #RUNNER_FIELDS}:
     * the worker, the swarm directory, the status log, the results directory, the worktree ("" for none) and the
     * status lines' format. The .sh file sets them ({@link #buildForRunner}); a FIFO line carries them
     * ({@link RunnerChannel#inlineLine}).
     */
    static List<String> runnerValues(TaskInfo task, String workerId, SwarmPaths paths) {
        requireCommand(task);
        String dir = TaskWorkspace.worktree(task);
        return List.of(workerId, paths.root().toString(), paths.statusLog().toString(),
                paths.resultsDir().toAbsolutePath().toString(), dir == null ? "" : dir, statusFormat(task, workerId));
    }

    /** The runner's names of {@link #runnerValues}, in their order. */
    static final List<String> RUNNER_FIELDS = List.of("AI_SWARM_WORKER_ID", "AI_SWARM_DIR", "swarm_log", "swarm_results",
            "swarm_wd", "swarm_fmt");

    /**
     * What a runner ({@link ExecRunner}) sources for one attempt: variables only. The runner's task shell reports START
     * and runs the command stored in {@code commandFile} (in the task's worktree, when it has one).
     */
    public static String buildForRunner(TaskInfo task, String workerId, SwarmPaths paths, Path commandFile) {
        List<String> values = runnerValues(task, workerId, paths);
        List<String> lines = new ArrayList<>();
        lines.add("export AI_SWARM_TASK_ID=" + TmuxQuoting.shell(task.taskId()) + " AI_SWARM_ATTEMPT=" + task.attempts());
        for (int i = 0; i < values.size(); i++) lines.add(RUNNER_FIELDS.get(i) + "=" + TmuxQuoting.shell(values.get(i)));
        lines.add("export AI_SWARM_WORKER_ID AI_SWARM_DIR");
        lines.add("swarm_cmd=" + TmuxQuoting.shell(commandFile.toAbsolutePath().toString()));
        lines.add("swarm_tag=" + ExecRunner.tag(task));
        lines.add("");
        return String.join("\n", lines);
    }

    private static void requireCommand(TaskInfo task) {
        if (task.command() == null) {
            throw new IllegalArgumentException("task " + task.taskId()
                    + " has no command: an exec worker runs commands, not prompts");
        }
    }

    /** True when {@link #shell()} can wait for the output pipe ({@code read -t} is bash's). */
    public static boolean canWaitForPipe() {
        return shell().endsWith("bash");
    }

    /** A task in a worktree runs there (its pane starts in the person's checkout); a missing one fails the task. */
    private static String inWorktree(TaskInfo task) {
        String dir = TaskWorkspace.worktree(task);
        return dir == null ? "" : "cd -- " + TmuxQuoting.shell(dir) + " && ";
    }

    private static String json(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** The format string of printf: a literal % must be doubled, a backslash escaped. */
    private static String printfSafe(String text) {
        return text.replace("\\", "\\\\").replace("%", "%%");
    }
}
