package io.aiswarm.state;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes status events for one source (a worker id, or the master acting for a worker) with the current time. */
public class StatusBroadcaster {
    private final StatusLog log;
    private final Clock clock;

    public StatusBroadcaster(StatusLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public StatusEvent broadcast(String workerId, String taskId, BroadcastState state, String message,
                                 Map<String, Object> meta) {
        StatusEvent event = new StatusEvent(clock.instant(), workerId, taskId, state, message, meta);
        log.append(event);
        synchronized (appended) {
            if (recorder == Thread.currentThread()) appended.add(event);
        }
        return event;
    }

    private final List<StatusEvent> appended = new ArrayList<>();
    private Thread recorder;

    /**
     * The events this broadcaster appended from the calling thread since that thread's previous call (the first call
     * starts the recording, for this thread alone). A master's round thread uses it to tell its own lines in the log
     * from everyone else's, its API threads' included.
     */
    public List<StatusEvent> takeAppended() {
        synchronized (appended) {
            if (recorder != Thread.currentThread()) appended.clear();
            recorder = Thread.currentThread();
            List<StatusEvent> taken = List.copyOf(appended);
            appended.clear();
            return taken;
        }
    }

    public StatusEvent broadcastStart(String workerId, String taskId, String message) {
        return broadcast(workerId, taskId, BroadcastState.START, message, null);
    }

    /** The master gave {@code taskId} to {@code workerId}; the line is the worker's, so the scanner sees it busy. */
    public StatusEvent broadcastAssigned(String workerId, String taskId, String message, Map<String, Object> meta) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (meta != null) all.putAll(meta);
        all.put("assigned_worker_id", workerId);
        return broadcast(workerId, taskId, BroadcastState.ASSIGNED, message, all);
    }

    public StatusEvent broadcastDone(String workerId, String taskId, String message) {
        return broadcast(workerId, taskId, BroadcastState.DONE, message, null);
    }

    public StatusEvent broadcastWait(String workerId, String taskId, String message) {
        return broadcast(workerId, taskId, BroadcastState.WAIT, message, null);
    }

    public StatusEvent broadcastError(String workerId, String taskId, String message) {
        return broadcast(workerId, taskId, BroadcastState.ERROR, message, null);
    }

    public StatusEvent broadcastHelp(String workerId, String taskId, String message, Map<String, Object> meta) {
        return broadcast(workerId, taskId, BroadcastState.HELP, message, meta);
    }

    public StatusEvent broadcastSkip(String workerId, String taskId, String message) {
        return broadcast(workerId, taskId, BroadcastState.SKIP, message, null);
    }
}
