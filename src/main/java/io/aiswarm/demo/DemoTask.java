package io.aiswarm.demo;

/** One task of the demo: which scenario of demo-agent.sh it runs and what it shows a viewer. */
record DemoTask(String id, String scenario, int priority, String shows) {
    static final java.util.List<DemoTask> ALL = java.util.List.of(
            new DemoTask("migrate-db", "long", 1, "outlives a master that is killed and restarted"),
            new DemoTask("changelog", "press-enter", 2, "waits on 'Press ENTER to continue': rescued with Enter"),
            new DemoTask("clean-build", "dangerous", 2, "asks a dangerous [y/N] question: HELP, a person answers"),
            new DemoTask("fix-parser", "work", 3, "ordinary task"),
            new DemoTask("add-tests", "work", 3, "ordinary task"),
            new DemoTask("bump-deps", "fail", 3, "fails with exit 3: ERROR"),
            new DemoTask("refactor-io", "work", 5, "ordinary task"),
            new DemoTask("docs-api", "work", 5, "ordinary task"),
            new DemoTask("lint-fix", "work", 5, "ordinary task"),
            new DemoTask("perf-cache", "work", 5, "ordinary task"),
            new DemoTask("i18n-strings", "work", 7, "ordinary task"),
            new DemoTask("release-notes", "work", 9, "ordinary task, lowest priority: runs last"));

    /** The shell command an exec worker runs for this task. */
    String command(java.nio.file.Path agentScript, java.nio.file.Path marks) {
        return "sh " + io.aiswarm.tmux.TmuxQuoting.shell(agentScript.toString()) + " " + scenario + " " + id + " "
                + io.aiswarm.tmux.TmuxQuoting.shell(marks.toString());
    }
}
