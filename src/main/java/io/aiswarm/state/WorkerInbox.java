package io.aiswarm.state;

import java.nio.file.Path;

/**
 * The per-machine inbox: the status lines this machine's exec task scripts and agent hooks append with plain shell
 * (one {@code write()} per line, no JVM per event). In the file store this file is the status log itself; a store
 * that is not these files ingests it (PostgreSQL: {@code InboxIngester}), so it still sees every DONE and WAIT.
 */
public interface WorkerInbox {
    /** The file the lines are appended to ({@code status.log} in the machine's swarm directory). */
    Path file();

    /** Wakes whoever watches when lines arrive. */
    ChangeFeed changes();
}
