package io.aiswarm.state;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * A store that hands out pending tasks itself, in one atomic step per round, instead of the master locking them one by
 * one (the file store's create-new locks): a database claims them with {@code FOR UPDATE SKIP LOCKED}, so that the
 * masters of several machines claiming at once each get different tasks without waiting on each other.
 */
public interface TaskClaims {
    /**
     * For each of {@code idleWorkers} in order (those that still hold a claim are skipped), the first pending task in
     * queue order that {@code canRun} accepts for it, each task to at most one worker, stored as assigned to that worker
     * (attempts counted) with a claim of this machine. Returns the tasks as stored, in the order of their workers.
     * {@code canRun} must be pure: it may be asked more than once.
     */
    List<TaskInfo> claim(List<String> idleWorkers, BiPredicate<TaskInfo, String> canRun);
}
