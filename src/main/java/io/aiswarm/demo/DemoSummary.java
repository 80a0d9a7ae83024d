package io.aiswarm.demo;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The table at the end of the demo, and the check that every task ended as its scenario expects. */
final class DemoSummary {
    private final List<TaskInfo> tasks;
    private final Map<String, Integer> marks;
    private final String elapsed;

    DemoSummary(List<TaskInfo> tasks, Path markDir, String elapsed) throws IOException {
        this.tasks = tasks;
        this.elapsed = elapsed.trim();
        try (var files = Files.list(markDir)) {
            this.marks = files.collect(Collectors.toMap(f -> f.getFileName().toString().replace(".mark", ""),
                    DemoSummary::lineCount));
        }
    }

    boolean asExpected() {
        Map<String, DemoTask> byId = DemoTask.ALL.stream().collect(Collectors.toMap(DemoTask::id, Function.identity()));
        return tasks.stream().allMatch(t -> expected(byId.get(t.taskId())) == t.status()
                && marks.getOrDefault(t.taskId(), 0) == (t.status() == TaskStatus.DONE ? 1 : 0));
    }

    private static TaskStatus expected(DemoTask task) {
        return task != null && task.scenario().equals("fail") ? TaskStatus.FAILED : TaskStatus.DONE;
    }

    void print(PrintStream out) {
        Map<String, DemoTask> byId = DemoTask.ALL.stream().collect(Collectors.toMap(DemoTask::id, Function.identity()));
        out.printf("%nSummary (%s)%n", elapsed);
        String row = "%-14s %-9s %-9s %-8s %-4s %-4s %s%n";
        out.printf(row, "TASK", "STATUS", "WORKER", "ATTEMPTS", "EXIT", "RUNS", "SHOWS");
        for (TaskInfo t : tasks) {
            DemoTask d = byId.get(t.taskId());
            out.printf(row, t.taskId(), t.status().json(), t.workerId() == null ? "-" : t.workerId(), t.attempts(),
                    t.exitCode() == null ? "-" : t.exitCode(), marks.getOrDefault(t.taskId(), 0),
                    d == null ? "" : d.shows());
        }
        long done = tasks.stream().filter(t -> t.status() == TaskStatus.DONE).count();
        long failed = tasks.stream().filter(t -> t.status() == TaskStatus.FAILED).count();
        out.printf("%d done, %d failed, %d other; every finished task ran exactly once: %s%n", done, failed,
                tasks.size() - done - failed, asExpected() ? "yes" : "NO (see RUNS)");
    }

    private static int lineCount(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return -1;
        }
    }
}
