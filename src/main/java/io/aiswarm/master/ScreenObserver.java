package io.aiswarm.master;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads workers' screens beside the rescuer, from the same captures: the master takes one capture per pane per
 * look (when the pane printed, when an observer asked for another look, and in the periodic sweep) and hands it to
 * the rescuer and to its observer, so no second reader polls the panes. Called on the master's thread, and only
 * while this master is the active one.
 */
public interface ScreenObserver {
    /** The workers whose screens this observer reads. */
    Set<String> workers();

    /**
     * One capture of the worker's pane, whose process runs. Returns when to look again even if the pane prints
     * nothing meanwhile (e.g. to see a prompt stay steady); empty: at its next output.
     */
    Optional<Duration> observe(String workerId, String screen);

    /** The worker's pane process ended ({@code exitStatus} null when unknown); returns what to tell a person. */
    Optional<String> exited(String workerId, Integer exitStatus);
}
