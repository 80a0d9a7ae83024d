package io.aiswarm.master;

import java.util.Locale;

/** What a pane's screen shows, as far as its text tells: the state {@code swarm detect} prints. */
public enum ScreenState {
    IDLE, BUSY, WAITING, UNKNOWN;

    /** Lower-case name used in JSON output. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
