package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLog;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A machine master's status log on the shared store: its own events (ASSIGNED, SKIP, HELP) go straight to the events
 * table; its workers' lines arrive through the machine's inbox (the local file their scripts and hooks append to with
 * plain shell), which each poll of a follower first moves into the table ({@link InboxIngester}, exactly once), so a
 * round sees every DONE that was written before it began.
 */
final class PgInboxStatusLog implements StatusLog {
    private final PgStatusLog events;
    private final InboxIngester inbox;

    PgInboxStatusLog(PgStatusLog events, InboxIngester inbox) {
        this.events = events;
        this.inbox = inbox;
    }

    @Override
    public void append(StatusEvent event) {
        events.append(event);
    }

    @Override
    public StatusFollower follow() {
        StatusFollower follower = events.follow();
        return new StatusFollower() {
            @Override
            public List<StatusEvent> poll() {
                inbox.ingestAll();
                return follower.poll();
            }

            @Override
            public Map<String, StatusEvent> lastByWorker() {
                return follower.lastByWorker();
            }

            @Override
            public long malformedLines() {
                return follower.malformedLines();
            }
        };
    }

    @Override
    public Map<String, StatusEvent> lastEvents(Collection<String> workers) {
        inbox.ingestAll();
        return events.lastEvents(workers);
    }
}
