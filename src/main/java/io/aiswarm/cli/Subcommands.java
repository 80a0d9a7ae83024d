package io.aiswarm.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The root's commands, by name, in the order `swarm --help` lists them. Named here rather than read from each class's
 * annotation, so that a command line that names one command loads only that one (a test checks the names match).
 */
final class Subcommands {
    private static final Map<String, Class<?>> ALL = all();

    private Subcommands() {
    }

    static Map<String, Class<?>> all() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("init", InitCommand.class);
        m.put("task", TaskCommand.class);
        m.put("lock", LockCommand.class);
        m.put("log", LogCommand.class);
        m.put("up", UpCommand.class);
        m.put("scale", ScaleCommand.class);
        m.put("down", DownCommand.class);
        m.put("attach", AttachCommand.class);
        m.put("master", MasterCommand.class);
        m.put("status", StatusCommand.class);
        m.put("review", ReviewCommand.class);
        m.put("merge", MergeCommand.class);
        m.put("clean", CleanCommand.class);
        m.put("worktrees", WorktreesCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("top", TopCommand.class);
        m.put("answer", AnswerCommand.class);
        m.put("send", SendCommand.class);
        m.put("restart", RestartCommand.class);
        m.put("detect", DetectCommand.class);
        m.put("hooks", HooksCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("bench", BenchCommand.class);
        m.put("help", HelpCommand.class);
        return m;
    }

    /**
     * Only the command the line runs, when nothing but {@code --cluster NAME} comes before its name (none for a bare
     * {@code --version}); every command
     * otherwise (no command, an unknown one, `help`, root options such as --help, an @file), so that usage, errors and
     * suggestions are exactly what the whole tree gives.
     */
    static Map<String, Class<?>> forArgs(String... args) {
        for (String a : args) {
            if (a.startsWith("@")) return all(); // picocli expands @files: the words are not known yet
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(ClusterOptions.OPTION) || a.equals(ClusterOptions.ID_OPTION)) {
                i++;
            } else if (!a.startsWith(ClusterOptions.OPTION + "=") && !a.startsWith(ClusterOptions.ID_OPTION + "=")) {
                boolean last = i == args.length - 1;
                if (last && (a.equals("-V") || a.equals("--version"))) return Map.of(); // the version needs none
                Class<?> one = a.equals("help") ? null : ALL.get(a);
                return one == null ? all() : Map.of(a, one);
            }
        }
        return all();
    }
}
