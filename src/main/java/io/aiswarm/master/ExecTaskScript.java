package io.aiswarm.master;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.TmuxQuoting;

/**
 * The shell script an exec worker's pane runs for one task. It reports START, runs the command, and appends
 * DONE or ERROR with meta.exit_code to status.log with plain shell: no JVM per task. Each report is one
 * printf of one short line to a file opened for append, so lines from many panes never interleave.
 * meta.attempt lets the master ignore the report of an attempt it already gave up on.
 */
public final class ExecTaskScript {
    private ExecTaskScript() {
    }

    public static String build(TaskInfo task, String workerId, SwarmPaths paths) {
        if (task.command() == null) {
            throw new IllegalArgumentException("task " + task.taskId()
                    + " has no command: an exec worker runs commands, not prompts");
        }
        String line = "{\"ts\":\"%s\",\"worker_id\":\"" + printfSafe(json(workerId)) + "\",\"task_id\":\""
                + printfSafe(json(task.taskId())) + "\",\"state\":\"%s\",\"message\":\"%s\",\"meta\":{%s\"attempt\":"
                + task.attempts() + "}}\\n";
        return String.join("\n",
                "export AI_SWARM_TASK_ID=" + TmuxQuoting.shell(task.taskId())
                        + " AI_SWARM_WORKER_ID=" + TmuxQuoting.shell(workerId)
                        + " AI_SWARM_DIR=" + TmuxQuoting.shell(paths.root().toString())
                        + " AI_SWARM_ATTEMPT=" + task.attempts(),
                "swarm_log=" + TmuxQuoting.shell(paths.statusLog().toString()),
                "swarm_fmt=" + TmuxQuoting.shell(line),
                "swarm_ts() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }",
                "printf \"$swarm_fmt\" \"$(swarm_ts)\" START 'running' '' >> \"$swarm_log\"",
                "sh -c " + TmuxQuoting.shell(task.command()),
                "swarm_code=$?",
                "if [ \"$swarm_code\" -eq 0 ]; then swarm_state=DONE; else swarm_state=ERROR; fi",
                "printf \"$swarm_fmt\" \"$(swarm_ts)\" \"$swarm_state\" \"exit $swarm_code\" "
                        + "\"\\\"exit_code\\\":$swarm_code,\" >> \"$swarm_log\"",
                "");
    }

    private static String json(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** The format string of printf: a literal % must be doubled, a backslash escaped. */
    private static String printfSafe(String text) {
        return text.replace("\\", "\\\\").replace("%", "%%");
    }
}
