package io.aiswarm.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/** Where `swarm top` gets the swarm from and sends a person's actions to. */
public interface TopFeed extends AutoCloseable {
    /**
     * A new snapshot (the API's /api/status JSON) with the status events that came before it.
     *
     * @param reset true when events were missed: the old ones are cleared
     */
    record Update(JsonNode snapshot, List<JsonNode> events, boolean reset) {
    }

    /** Blocks until the swarm changed; null when the feed ended (the master stopped). */
    Update next() throws IOException, InterruptedException;

    /** The queue (the API's /api/tasks JSON). */
    JsonNode tasks() throws IOException;

    /** One task with its diff and the end of its result log (the API's /api/tasks/ID JSON). */
    default JsonNode task(String taskId) throws IOException {
        throw new IOException("a task's details need a running master");
    }

    /** POSTs an action (e.g. /api/tasks/ID/cancel); returns its JSON answer, or throws with the error. */
    JsonNode act(String path, String body) throws IOException;

    /** True when a master feeds this view (live, with actions). */
    boolean live();

    @Override
    void close();
}
