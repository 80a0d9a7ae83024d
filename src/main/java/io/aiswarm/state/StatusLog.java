package io.aiswarm.state;

/**
 * The append-only status log shared by the master, workers and hooks.
 * Appends from many processes never interleave inside a line.
 */
public interface StatusLog {
    void append(StatusEvent event);

    /** A reader that starts at the beginning of the log and then returns only lines added since its last poll. */
    StatusFollower follow();
}
