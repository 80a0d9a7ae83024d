package io.aiswarm.state;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task in tasks.json. Exactly one of {@code command} (a shell command, for exec workers) and {@code prompt}
 * (text for an interactive agent) is set. Queue order is {@link #QUEUE_ORDER}: priority (1 most urgent … 9),
 * then arrival ({@code seq}). Fields this version does not know are kept in {@code extra} and written back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task_id", "command", "prompt", "priority", "status", "seq", "attempts", "worker_id",
        "created_at", "updated_at", "assigned_at", "started_at", "finished_at", "exit_code", "result_file", "error"})
public record TaskInfo(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("command") String command,
        @JsonProperty("prompt") String prompt,
        @JsonProperty("priority") int priority,
        @JsonProperty("status") TaskStatus status,
        @JsonProperty("seq") long seq,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("assigned_at") Instant assignedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("exit_code") Integer exitCode,
        @JsonProperty("result_file") String resultFile,
        @JsonProperty("error") String error,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    /**
     * How the error of a task whose agent was refused permission starts: such a task failed, and reads as
     * {@code declined} in the views ({@link #declined()}); {@code swarm task retry} runs it again.
     */
    public static final String DECLINED = "permission declined: ";
    public static final int DEFAULT_PRIORITY = 5;
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 9;

    /** Priority first (1 before 9), then order of arrival. */
    public static final Comparator<TaskInfo> QUEUE_ORDER =
            Comparator.comparingInt(TaskInfo::priority).thenComparingLong(TaskInfo::seq);

    public TaskInfo {
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
        if (status == null) status = TaskStatus.PENDING;
        if (priority == 0) priority = DEFAULT_PRIORITY;
        // kept at the precision stored in tasks.json, so a task read back equals the one written
        createdAt = millis(createdAt);
        updatedAt = millis(updatedAt);
        assignedAt = millis(assignedAt);
        startedAt = millis(startedAt);
        finishedAt = millis(finishedAt);
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Failed because a person declined the agent's permission dialog (No or Esc). */
    @JsonIgnore
    public boolean declined() {
        return status == TaskStatus.FAILED && error != null && error.startsWith(DECLINED);
    }

    /** The status a person reads: {@code declined} for a declined task, else the status itself. */
    @JsonIgnore
    public String shownStatus() {
        return declined() ? "declined" : status.json();
    }

    /** Assigned or running (a method reference for filters). */
    @JsonIgnore
    public boolean isActiveTask() {
        return status.isActive();
    }

    @JsonIgnore
    public boolean isPending() {
        return status == TaskStatus.PENDING;
    }

    /** What a worker runs: the command for exec tasks, the prompt for agent tasks. */
    public String payload() {
        return command != null ? command : prompt;
    }

    public TaskInfo withStatus(TaskStatus newStatus, Instant now) {
        return new TaskInfo(taskId, command, prompt, priority, newStatus, seq, attempts, workerId, createdAt, now,
                assignedAt, startedAt, finishedAt, exitCode, resultFile, error, extra);
    }

    /** Assigned to a worker: one more attempt, start and end times of any earlier attempt cleared. */
    public TaskInfo assignedTo(String worker, Instant now) {
        return new TaskInfo(taskId, command, prompt, priority, TaskStatus.ASSIGNED, seq, attempts + 1, worker,
                createdAt, now, now, null, null, null, resultFile, null, extra);
    }

    public TaskInfo running(Instant now) {
        return new TaskInfo(taskId, command, prompt, priority, TaskStatus.RUNNING, seq, attempts, workerId,
                createdAt, now, assignedAt, now, null, null, resultFile, error, extra);
    }

    public TaskInfo finished(TaskStatus end, Integer exit, String result, String reason, Instant now) {
        return new TaskInfo(taskId, command, prompt, priority, end, seq, attempts, workerId, createdAt, now,
                assignedAt, startedAt, now, exit, result != null ? result : resultFile, reason, extra);
    }

    /** Back to the queue in its original place (same seq); the worker is forgotten, attempts are kept. */
    public TaskInfo requeued(String reason, Instant now) {
        return new TaskInfo(taskId, command, prompt, priority, TaskStatus.PENDING, seq, attempts, null, createdAt,
                now, null, null, null, null, resultFile, reason, extra);
    }

    /** The same task with these further fields (see {@link TaskSchedule}). */
    public TaskInfo withExtra(Map<String, Object> newExtra) {
        return new TaskInfo(taskId, command, prompt, priority, status, seq, attempts, workerId, createdAt, updatedAt,
                assignedAt, startedAt, finishedAt, exitCode, resultFile, error, newExtra);
    }

    public TaskInfo withPriority(int newPriority, Instant now) {
        return new TaskInfo(taskId, command, prompt, newPriority, status, seq, attempts, workerId, createdAt, now,
                assignedAt, startedAt, finishedAt, exitCode, resultFile, error, extra);
    }
}
