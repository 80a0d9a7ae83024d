package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;

/** A status event as stored: its id in the stream (increasing in commit order) and the machine it came from. */
public record PgEvent(long id, String host, StatusEvent event) {
}
