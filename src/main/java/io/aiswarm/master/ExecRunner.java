package io.aiswarm.master;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxQuoting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-lived runner of an exec worker's pane (docs/runner.md): {@code run/runner.sh}, one shell per pane for the
 * pane's life, reads "task attempt" lines from the worker's FIFO {@code run/runner-<worker>.fifo} and runs each
 * attempt's {@code run/<task>.<attempt>.sh} (variables only, see {@link ExecTaskScript#buildForRunner}) with one
 * {@code sh} per task in the pane's foreground, in the task's own process group. Before it starts an attempt it claims
 * it by creating {@code run/<task>.<attempt>.<tag>.claim} (O_EXCL, {@link #tag}): the master revokes an attempt the same way, so an
 * attempt either runs once or provably never. Its output reaches {@code results/<task>.log} through one output pipe
 * for the pane's life ({@code run/runner-output.awk}), switched from task to task by markers the runner prints.
 */
public final class ExecRunner {
    /** Turns the runner on ("on") or off ("off": a pane respawned per task, as before). */
    public static final String ENV_RUNNER = "AI_SWARM_EXEC_RUNNER";
    static final String SCRIPT = "runner.sh";
    static final String OUTPUT_PROGRAM = "runner-output.awk";
    /** The private OSC that switches the output pipe: ESC ] 7771 ; L<task> BEL, N (no log) or E (task ended). */
    static final String MARKER = "7771";

    private ExecRunner() {
    }

    /** Whether this setting value turns the runner on: anything but "off" (unset: on). */
    public static boolean enabled(String setting) {
        return setting == null || !setting.trim().equalsIgnoreCase("off");
    }

    static Path script(SwarmPaths paths) {
        return paths.runDir().resolve(SCRIPT);
    }

    static Path outputProgram(SwarmPaths paths) {
        return paths.runDir().resolve(OUTPUT_PROGRAM);
    }

    /** The worker's channel; its name is the runner's first argument. */
    static Path fifo(SwarmPaths paths, String workerId) {
        return paths.runDir().resolve(fifoName(workerId));
    }

    /**
     * Named for the protocol's version: a runner started by an older master (which reads lines of another shape) has no
     * FIFO of this name, so it is never ready and its pane gets a runner of this version.
     */
    static String fifoName(String workerId) {
        return "runner-" + workerId + ".v2.fifo";
    }

    /** True when the pane was (last) started as a runner of this swarm directory. */
    static boolean isRunner(AgentPane pane, SwarmPaths paths) {
        return pane != null && pane.startCommand().contains(script(paths).toAbsolutePath().toString());
    }

    /** The arguments of a runner started with its first attempt (so tmux's pane_start_command ends with it). */
    static List<String> args(String workerId, TaskInfo task) {
        return List.of(fifoName(workerId), tag(task), task.taskId(), String.valueOf(task.attempts()));
    }

    /**
     * Which delivery of an attempt this is: its assignment time in ms. A retried task counts its attempts anew, so
     * "task attempt" alone can name two deliveries; each delivery has its own claim.
     */
    static String tag(TaskInfo task) {
        return String.valueOf(task.assignedAt() == null ? 0 : task.assignedAt().toEpochMilli());
    }

    /** Writes the runner and its output program when missing or different (0600, never through a link). */
    static void install(SwarmPaths paths, boolean waitForPipe) {
        SwarmDir.ensureSubdir(paths.runDir());
        writeIfChanged(script(paths), runnerScript(waitForPipe));
        writeIfChanged(outputProgram(paths), OUTPUT_AWK);
    }

    private static void writeIfChanged(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && java.util.Arrays.equals(SafeFiles.readIfExists(file).orElse(null), bytes)) {
                return;
            }
            SafeFiles.writeAtomically(file, bytes, SafeFiles.Sync.PROCESS_CRASH_SAFE);
        } catch (IOException e) {
            throw new SwarmStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The output pipe's command: awk routing the pane's output to the current task's log (mawk reads a pipe in
     * blocks unless told to read lines as they come). With {@code waitForPipe} it first types ^D into the pane
     * (pipe-pane -I), which is what the runner waits for before its first task.
     */
    static String outputCommand(SwarmPaths paths, boolean waitForPipe) {
        String awk = Executables.find("awk", System.getenv().getOrDefault("PATH", ""))
                .map(p -> {
                    try {
                        return p.toRealPath().getFileName().toString();
                    } catch (IOException e) {
                        return "awk";
                    }
                }).orElse("awk");
        return "swarm_results=" + TmuxQuoting.shell(paths.resultsDir().toAbsolutePath().toString())
                + (waitForPipe ? " swarm_go=1" : "") + " exec awk " + (awk.equals("mawk") ? "-W interactive " : "")
                + "-f " + TmuxQuoting.shell(outputProgram(paths).toAbsolutePath().toString());
    }

    /** Lines split at markers; a log is opened only by name (results/<task>.log), after the runner checked it. */
    static final String OUTPUT_AWK = """
            # AI Swarm: routes an exec runner's pane output to results/<task>.log (docs/runner.md)
            BEGIN { M = "\\033]7771;"; out = ""; dir = ENVIRON["swarm_results"]
                    if (ENVIRON["swarm_go"] != "") { printf "\\004"; fflush() } }
            {
              line = $0; found = 0
              while ((i = index(line, M)) > 0) {
                rest = substr(line, i + length(M)); j = index(rest, "\\007")
                if (j == 0) break
                if (i > 1 && out != "") { printf "%s", substr(line, 1, i - 1) >> out; fflush(out) }
                name = substr(rest, 1, j - 1); line = substr(rest, j + 1); found = 1
                if (out != "") close(out)
                out = (substr(name, 1, 1) == "L" && dir != "") ? dir "/" substr(name, 2) ".log" : ""
              }
              if (found && (line == "" || line == "\\r")) next
              if (out != "") { print line >> out; fflush(out) }
            }
            """;

    /**
     * The runner: {@code shell runner.sh <fifo name> [<tag> <task> <attempt>]}. With job control on (set -m) each task is its
     * own process group and the terminal's foreground, so Ctrl-C reaches the task alone; a Ctrl-C while idle is
     * caught. START is written by the task's own shell (its pid is its group), DONE/ERROR by the runner. Under bash
     * ({@code bash}, which also waits for the output pipe) the task's shell is a subshell of the runner that execs the
     * command's {@code sh} (one exec a task, not two), and an attempt can come whole on its FIFO line
     * ({@link RunnerChannel#inlineLine}).
     */
    static String runnerScript(boolean bash) {
        List<String> lines = new ArrayList<>(List.of(
                "# AI Swarm exec runner (docs/runner.md): one per pane, tasks arrive on its FIFO",
                "umask 077",
                "set -m",
                "trap ':' INT",
                "swarm_run=${0%/*}",
                "swarm_fifo=$swarm_run/$1",
                ExecTaskScript.TIMESTAMP_FUNCTION,
                "swarm_lib=" + TmuxQuoting.shell(ExecTaskScript.REPORT_FUNCTION),
                "eval \"$swarm_lib\""));
        if (bash) {
            lines.add("swarm_start() { ( swarm_report START running \"\\\"pid\\\":$BASHPID,\\\"runner\\\":$$,\" || exit 126; "
                    + "if [ -n \"$swarm_wd\" ]; then cd -- \"$swarm_wd\" || exit; fi; "
                    + "if [ -n \"$swarm_cmd\" ]; then exec sh \"$swarm_cmd\"; fi; exec sh -c \"$swarm_text\" sh ) }");
            lines.add(inlineFunction());
        } else {
            // the task's shell: reports START with its pid (its process group), then becomes the command's shell
            lines.add("swarm_child='swarm_log=$1 swarm_fmt=$2 swarm_now=$3; '\"$swarm_lib\"'; "
                    + "swarm_report START running \"\\\"pid\\\":$$,\\\"runner\\\":$PPID,\" || exit 126; "
                    + "if [ -n \"$5\" ]; then cd -- \"$5\" || exit; fi; exec sh \"$4\"'");
            lines.add("swarm_start() { sh -c \"$swarm_child\" sh \"$swarm_log\" \"$swarm_fmt\" \"$swarm_now\" \"$swarm_cmd\" \"$swarm_wd\"; }");
        }
        lines.addAll(List.of(
                "swarm_task() {", // task attempt tag [the attempt's fields, when it came whole on the FIFO]
                "  swarm_base=$swarm_run/$1.$2",
                // the claim: created only if absent (O_EXCL); a delivery the master revoked is never started
                "  set -C; { true > \"$swarm_base.$3.claim\"; } 2>/dev/null; swarm_ok=$?; set +C",
                "  [ \"$swarm_ok\" -eq 0 ] || return 0",
                "  if [ -n \"${4-}\" ]; then",
                "    swarm_inline \"$1\" \"$2\" \"$3\" $4 || return 0", // unquoted: its fields hold no blank, no glob
                "  else",
                "    [ -f \"$swarm_base.sh\" ] && [ ! -L \"$swarm_base.sh\" ] || return 0",
                "    swarm_tag=",
                "    command . \"$swarm_base.sh\" || return 0",
                "    [ \"$swarm_tag\" = \"$3\" ] || return 0", // the files are another delivery's
                "  fi",
                "  swarm_f=$swarm_results/$1.log",
                "  if [ -d \"$swarm_results\" ] && [ ! -L \"$swarm_results\" ] && [ ! -L \"$swarm_f\" ] && [ -f \"$swarm_f\" ];"
                        + " then swarm_m=\"L$1\"; else swarm_m=N; fi",
                // a clean screen and scrollback: the last task's text must not pass for this one's
                "  printf '\\033c\\033[3J\\033]" + MARKER + ";%s\\007' \"$swarm_m\"",
                "  swarm_ts",
                "  swarm_start",
                "  swarm_code=$?",
                "  printf '\\033]" + MARKER + ";E\\007\\n'",
                "  if [ \"$swarm_code\" -eq 0 ]; then swarm_state=DONE; else swarm_state=ERROR; fi",
                "  swarm_ts",
                "  swarm_report \"$swarm_state\" \"exit $swarm_code\" \"\\\"exit_code\\\":$swarm_code,\"",
                "}",
                bash ? "IFS= read -r -t " + ExecTaskScript.PIPE_WAIT_SECONDS + " swarm_go 2>/dev/null" : ":",
                "if rm -f -- \"$swarm_fifo\" && mkfifo -m 600 -- \"$swarm_fifo\" && [ -p \"$swarm_fifo\" ]"
                        + " && [ ! -L \"$swarm_fifo\" ]; then exec 3<>\"$swarm_fifo\"; swarm_loop=1;"
                        + " else echo \"swarm: cannot make $swarm_fifo; this pane runs one task\" >&2; swarm_loop=; fi",
                "[ -z \"${2-}\" ] || swarm_task \"$3\" \"$4\" \"$2\"",
                "[ -n \"$swarm_loop\" ] || exit 0",
                "while :; do",
                // a caught Ctrl-C interrupts read; the rest of that line then fails the checks below or in swarm_inline
                "  IFS=' ' read -r swarm_t swarm_a swarm_g swarm_x <&3 || continue",
                "  case $swarm_t.$swarm_a.$swarm_g in *[!A-Za-z0-9._-]*|*..*|.*|*.) continue;; esac",
                "  swarm_task \"$swarm_t\" \"$swarm_a\" \"$swarm_g\" \"$swarm_x\"",
                "done",
                ""));
        return String.join("\n", lines);
    }

    /**
     * Sets an attempt's variables from the fields of its FIFO line (bash): task, attempt, tag, then "x" and the
     * \\xHH-escaped bytes of each of {@link ExecTaskScript#RUNNER_FIELDS} and of the command. A line of any other shape
     * (the rest of one a Ctrl-C cut) is dropped.
     */
    private static String inlineFunction() {
        List<String> names = new ArrayList<>(ExecTaskScript.RUNNER_FIELDS);
        names.add("swarm_text");
        StringBuilder f = new StringBuilder("swarm_inline() { [ $# -eq " + (names.size() + 3) + " ] || return 1; ");
        for (int i = 0; i < names.size(); i++) {
            f.append("[ \"${").append(i + 4).append(":0:1}\" = x ] || return 1; printf -v ").append(names.get(i))
                    .append(" %b \"${").append(i + 4).append("#x}\"; ");
        }
        return f.append("AI_SWARM_TASK_ID=$1 AI_SWARM_ATTEMPT=$2 swarm_tag=$3 swarm_cmd=; ")
                .append("export AI_SWARM_TASK_ID AI_SWARM_ATTEMPT AI_SWARM_WORKER_ID AI_SWARM_DIR; }").toString();
    }
}
