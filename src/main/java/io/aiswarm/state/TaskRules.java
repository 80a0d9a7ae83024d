package io.aiswarm.state;

/**
 * What makes a task valid, in every store and in every change: a safe id, priority 1..9, one payload; and what makes a
 * worker id acceptable as a lock's owner.
 */
public final class TaskRules {
    private TaskRules() {
    }

    public static void check(TaskInfo t) {
        TaskIds.require(t.taskId());
        checkPriority(t.taskId(), t.priority());
        checkPayload(t.taskId(), t.command(), t.prompt());
    }

    public static void checkPriority(String id, int priority) {
        if (priority < TaskInfo.MIN_PRIORITY || priority > TaskInfo.MAX_PRIORITY) {
            throw new IllegalArgumentException(label(id) + ": priority " + priority
                    + " is out of range; use 1 (most urgent) to 9");
        }
    }

    /** How an error names a task: its id, or "the new task" when it gets one only when added. */
    static String label(String id) {
        return id == null ? "the new task" : "task '" + id + "'";
    }

    public static void checkPayload(String id, String command, String prompt) {
        boolean hasCommand = command != null && !command.isBlank();
        boolean hasPrompt = prompt != null && !prompt.isBlank();
        if (hasCommand == hasPrompt) {
            throw new IllegalArgumentException(label(id) + " needs exactly one of"
                    + " \"command\" (a shell command) or \"prompt\" (text for an agent)"
                    + (hasCommand ? ", not both" : ""));
        }
    }

    /**
     * A task to add: a safe id when one is given, priority 1..9 when given, exactly one payload, and a command a shell
     * can run. Any length and any first character run (the command is stored in a file, not passed as an argument);
     * a NUL character cannot: no shell reads past it.
     */
    public static void checkNew(NewTask n) {
        if (n.taskId() != null) TaskIds.require(n.taskId());
        if (n.priority() != null) checkPriority(n.taskId(), n.priority());
        checkPayload(n.taskId(), n.command(), n.prompt());
        TaskSchedule.check(label(n.taskId()), n.extra());
        TaskDependencies.checkShape(label(n.taskId()), n.extra());
        TaskRouting.check(label(n.taskId()), n.command(), n.extra());
        if (n.command() != null && n.command().indexOf('\0') >= 0) {
            throw new IllegalArgumentException(label(n.taskId()) + ": the command contains a NUL character (at "
                    + n.command().indexOf('\0') + "), which no shell can run; remove it");
        }
        if (n.prompt() != null && n.prompt().indexOf('\0') >= 0) {
            throw new IllegalArgumentException(label(n.taskId()) + ": the prompt contains a NUL character (at "
                    + n.prompt().indexOf('\0') + "), which cannot be typed into an agent; remove it");
        }
    }

    /** What an update's function returned for {@code before}: the same task (same id), still valid. */
    public static void checkChange(TaskInfo before, TaskInfo after) {
        if (after == null || !before.taskId().equals(after.taskId())) {
            throw new IllegalArgumentException("task '" + before.taskId() + "': a change may not remove the task or"
                    + " alter its id");
        }
        check(after);
    }

    /** A lock's owner: a worker id ({@link WorkerIds#require}), the name a pane carries. */
    public static void checkWorkerId(String workerId) {
        WorkerIds.require(workerId);
    }
}
