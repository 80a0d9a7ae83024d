package io.aiswarm.master;

/** What the rescue policy says about one detection, and why. */
public record PolicyVerdict(RescueAction action, String reason) {
}
