package io.aiswarm.view;

/**
 * Who asked for an action and from where, for the logs: {@code via} "web", "top" or "cli"; {@code who} the name
 * they gave or how they proved themselves ("token", "same-origin page"); {@code from} the remote address.
 */
public record Requester(String via, String who, String from) {
    public String describe() {
        return who + " via " + via + (from == null || from.isEmpty() ? "" : " from " + from);
    }
}
