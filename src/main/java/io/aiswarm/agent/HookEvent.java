package io.aiswarm.agent;

/** An agent event that gets a hook: its name in the agent's config, an optional matcher, the state it logs. */
public record HookEvent(String event, String matcher, String state) {
}
