package io.aiswarm.master;

/** What the master knows about a worker's pane. */
public enum PaneState {
    /** The pane runs a process (an agent, or an exec task). */
    ALIVE,
    /** The pane's process ended and the pane stays (remain-on-exit): normal for an exec worker between tasks. */
    FINISHED,
    /** The pane no longer exists: the worker is dead. */
    GONE,
    /** No pane information (no tmux session, or a scanner built from an explicit worker list). */
    UNKNOWN
}
