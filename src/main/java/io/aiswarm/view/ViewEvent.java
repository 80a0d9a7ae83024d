package io.aiswarm.view;

import io.aiswarm.state.StatusEvent;

/** A status line the master read, numbered: the id of a server-sent event, so a client can resume after it. */
public record ViewEvent(long seq, StatusEvent event) {
}
