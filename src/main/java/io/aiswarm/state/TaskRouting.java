package io.aiswarm.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which workers may take a task: its {@code agent} field names a worker's profile ({@code exec} for exec workers, else
 * an agent profile such as {@code claude}), its {@code labels} field lists labels the worker must all carry. A task
 * without them goes to any worker that can run its kind (commands to exec workers, prompts to agents). Kept as fields
 * of the task, so every store holds them and an older version keeps them.
 */
public final class TaskRouting {
    public static final String AGENT = "agent";
    public static final String LABELS = "labels";
    /** The profile name of a worker that runs shell commands. */
    public static final String EXEC = "exec";
    public static final int MAX_LABELS = 16;

    private TaskRouting() {
    }

    /** The profile the task asks for, or null for any. */
    public static String agent(TaskInfo task) {
        Object v = task.extra().get(AGENT);
        return v == null ? null : v.toString();
    }

    /** The labels the task asks for (empty: none). */
    public static List<String> labels(TaskInfo task) {
        return labels(task.extra());
    }

    static List<String> labels(Map<String, Object> extra) {
        Object v = extra.get(LABELS);
        if (!(v instanceof Collection<?> c)) return List.of();
        List<String> labels = new ArrayList<>();
        for (Object o : c) labels.add(String.valueOf(o));
        return labels;
    }

    /** Whether this worker (its profile and labels) may take the task; a draining worker takes none. */
    public static boolean accepts(TaskInfo task, WorkerRoster.Worker worker) {
        if (worker.draining()) return false;
        String agent = agent(task);
        if (agent != null && !agent.equals(worker.agent())) return false;
        if (agent == null && (task.command() != null) != worker.agent().equals(EXEC)) return false;
        return worker.labels().containsAll(labels(task));
    }

    /** Whether any of these workers (draining ones aside) may take the task. */
    public static boolean routable(TaskInfo task, Collection<WorkerRoster.Worker> workers) {
        for (WorkerRoster.Worker w : workers) if (accepts(task, w)) return true;
        return false;
    }

    /** What the task asks of a worker, as people read it: {@code agent claude, labels gpu+big}. */
    public static String wants(TaskInfo task) {
        String agent = agent(task);
        List<String> labels = labels(task);
        String kind = agent != null ? "agent " + agent : task.command() != null ? "an exec worker" : "an agent worker";
        return labels.isEmpty() ? kind : kind + " with label" + (labels.size() > 1 ? "s " : " ")
                + String.join("+", labels);
    }

    /**
     * Checks the routing fields a task is added with: a profile name that fits the payload ({@code exec} runs
     * commands, an agent takes prompts) and safe, distinct label names; names the task and field.
     */
    public static void check(String label, String command, Map<String, Object> extra) {
        Object agent = extra.get(AGENT);
        if (agent != null) {
            String name = agent.toString();
            if (!(agent instanceof String) || !SafeNames.isSafe(name)) {
                throw new IllegalArgumentException(label + ": " + AGENT + " '" + name + "' is not a profile name; "
                        + SafeNames.RULE);
            }
            if (name.equals(EXEC) != (command != null)) {
                throw new IllegalArgumentException(label + ": " + AGENT + " '" + name + "' " + (command != null
                        ? "takes prompts, but the task is a command; give it --prompt TEXT, or --agent exec"
                        : "runs commands, but the task is a prompt; name an agent profile (claude, codex …)"));
            }
        }
        Object v = extra.get(LABELS);
        if (v == null) return;
        if (!(v instanceof Collection<?> c) || c.isEmpty()) {
            throw new IllegalArgumentException(label + ": " + LABELS + " must be a list of label names");
        }
        if (c.size() > MAX_LABELS) {
            throw new IllegalArgumentException(label + ": " + c.size() + " " + LABELS + "; at most " + MAX_LABELS);
        }
        for (Object o : c) checkLabel(label + ": " + LABELS, o);
    }

    /** One label: a safe name ({@link SafeNames}); {@code what} names where it was given. */
    public static String checkLabel(String what, Object label) {
        if (!(label instanceof String s) || !SafeNames.isSafe(s)) {
            throw new IllegalArgumentException(what + " '" + label + "' is not a label; " + SafeNames.RULE);
        }
        return s;
    }

    /** Labels as given ("gpu,big" or several): split at commas, checked, duplicates dropped, order kept. */
    public static List<String> parseLabels(String what, Collection<String> given) {
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        for (String g : given) for (String part : g.split(",", -1)) labels.add(checkLabel(what, part.strip()));
        return List.copyOf(labels);
    }
}
