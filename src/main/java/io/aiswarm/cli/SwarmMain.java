package io.aiswarm.cli;

import io.aiswarm.state.SwarmStateException;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.workspace.GitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import java.io.PrintWriter;

/** Entry point of {@code bin/swarm}: the root command and its error and exit-code policy. */
@Command(name = "swarm", mixinStandardHelpOptions = true, version = "AI Swarm 0.1.0",
        description = "Runs a swarm of AI coding agents (or any commands) in tmux panes, fed from a durable task queue.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:failure: bad input or unreadable state (the message names the file, field or value)",
                "2:not granted: e.g. `lock acquire` found the lock held by another worker",
                "64:usage error: unknown command or option, missing argument"})
public final class SwarmMain {
    /** {@code swarm --cluster x status} works as well as {@code swarm status --cluster x}. */
    @Mixin
    ClusterOptions cluster;

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_NOT_GRANTED = 2;
    public static final int EXIT_USAGE = 64;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The root with every command (what `swarm --help` lists). */
    public static CommandLine commandLine() {
        return configured(Subcommands.all());
    }

    /**
     * The root with only the command {@code args} run, when that is plain to see (see {@link Subcommands#forArgs}):
     * picocli reads the annotations of every command it is given, which was most of a short command's start.
     */
    public static CommandLine commandLine(String... args) {
        return configured(Subcommands.forArgs(args));
    }

    private static CommandLine configured(java.util.Map<String, Class<?>> subcommands) {
        CommandLine cmd = new CommandLine(new SwarmMain());
        subcommands.forEach((name, type) -> cmd.addSubcommand(name, type));
        // `--cluster demo` names a cluster even though `demo` is also a command
        cmd.setAllowSubcommandsAsOptionParameters(true);
        cmd.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                    if (p.commandSpec().userObject() instanceof StateCommand command) command.closeStore();
                }
            }
        });
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof SwarmStateException || ex instanceof TmuxException || ex instanceof IllegalArgumentException
                    || ex instanceof GitException) {
                line.getErr().println("swarm: " + ex.getMessage());
                return EXIT_FAILURE;
            }
            throw ex;
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            PrintWriter err = where.getErr();
            err.println("swarm: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            where.usage(err, where.getColorScheme());
            return EXIT_USAGE;
        });
        return cmd;
    }
}
