package io.aiswarm.agent;

/** The recorded agent screens for tests in other packages. */
public final class AgentScreensAccess {
    private AgentScreensAccess() {
    }

    public static String load(String name) {
        return AgentScreens.load(name);
    }
}
