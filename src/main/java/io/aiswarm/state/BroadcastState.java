package io.aiswarm.state;

/** The states a worker reports in the status log. */
public enum BroadcastState {
    START, ASSIGNED, DONE, WAIT, ERROR, HELP, SKIP
}
