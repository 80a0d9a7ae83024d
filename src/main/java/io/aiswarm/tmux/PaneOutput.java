package io.aiswarm.tmux;

/**
 * How much of the panes' output a {@link TmuxListener} wants: output costs the control client CPU, so it is switched on
 * only when a listener asks for it.
 */
public enum PaneOutput {
    /** Pane exits and the session's end only. */
    NONE,
    /** Also "it printed" ({@link TmuxListener#printed}), not decoded: cheap even for panes that print a lot. */
    PRINTED,
    /** Also the decoded text ({@link TmuxListener#output}). */
    TEXT
}
