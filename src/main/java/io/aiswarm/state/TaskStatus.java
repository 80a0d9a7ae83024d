package io.aiswarm.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Lifecycle of a task in tasks.json; written in lower case. */
public enum TaskStatus {
    PENDING, ASSIGNED, RUNNING, DONE, FAILED, SKIPPED, CANCELLED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskStatus parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown task status '" + text
                    + "' (expected one of pending, assigned, running, done, failed, skipped, cancelled)");
        }
    }

    /** Tasks per status, every status listed (0 when none), in lifecycle order. */
    public static Map<TaskStatus, Integer> count(Collection<TaskInfo> tasks) {
        Map<TaskStatus, Integer> counts = zeroCounts();
        for (TaskInfo task : tasks) counts.merge(task.status(), 1, Integer::sum);
        return counts;
    }

    static Map<TaskStatus, Integer> zeroCounts() {
        Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : values()) counts.put(s, 0);
        return counts;
    }

    /** True once the task will not run again unless retried. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** True while a worker owns the task. */
    public boolean isActive() {
        return this == ASSIGNED || this == RUNNING;
    }
}
