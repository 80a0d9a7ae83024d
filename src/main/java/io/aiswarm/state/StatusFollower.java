package io.aiswarm.state;

import java.util.List;
import java.util.Map;

/**
 * Reads a status log incrementally: each {@link #poll()} costs in proportion to the lines added since the last one.
 * Not thread-safe; one owner.
 */
public interface StatusFollower extends AutoCloseable {
    /** Events appended since the previous poll (the whole log on the first poll), in log order. */
    List<StatusEvent> poll();

    /** The last event seen per worker id, across every poll so far. */
    Map<String, StatusEvent> lastByWorker();

    /** Lines that did not parse and were skipped, since this follower was created. */
    long malformedLines();

    /** Releases an open file, if the implementation keeps one. */
    @Override
    default void close() {
    }
}
