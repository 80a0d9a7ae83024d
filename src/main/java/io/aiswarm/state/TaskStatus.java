package io.aiswarm.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

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

    /** True once the task will not run again unless retried. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** True while a worker owns the task. */
    public boolean isActive() {
        return this == ASSIGNED || this == RUNNING;
    }
}
