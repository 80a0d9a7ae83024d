package io.aiswarm.api;

import java.io.IOException;

/** Where an event stream goes: server-sent events over HTTP, or JSON lines over the master's socket. */
public interface EventSink {
    /** One event; {@code id} null for an event a client does not resume from (a snapshot). */
    void event(String name, String id, String data) throws IOException;

    /** Keeps an idle connection open (and finds out that the client left). */
    void keepAlive() throws IOException;
}
