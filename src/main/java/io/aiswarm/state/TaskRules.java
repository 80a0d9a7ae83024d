package io.aiswarm.state;

/** What makes a task valid, in tasks.json and in every change: a safe id, priority 1..9, one payload. */
final class TaskRules {
    private TaskRules() {
    }

    static void check(TaskInfo t) {
        TaskIds.require(t.taskId());
        checkPriority(t.taskId(), t.priority());
        checkPayload(t.taskId(), t.command(), t.prompt());
    }

    static void checkPriority(String id, int priority) {
        if (priority < TaskInfo.MIN_PRIORITY || priority > TaskInfo.MAX_PRIORITY) {
            throw new IllegalArgumentException("task '" + id + "': priority " + priority
                    + " is out of range; use 1 (most urgent) to 9");
        }
    }

    static void checkPayload(String id, String command, String prompt) {
        boolean hasCommand = command != null && !command.isBlank();
        boolean hasPrompt = prompt != null && !prompt.isBlank();
        if (hasCommand == hasPrompt) {
            throw new IllegalArgumentException("task '" + (id == null ? "(new)" : id) + "' needs exactly one of"
                    + " \"command\" (a shell command) or \"prompt\" (text for an agent)"
                    + (hasCommand ? ", not both" : ""));
        }
    }
}
