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
        subcommands = {
                InitCommand.class, TaskCommand.class, LockCommand.class, LogCommand.class,
                UpCommand.class, DownCommand.class, AttachCommand.class,
                MasterCommand.class, StatusCommand.class, ReviewCommand.class, MergeCommand.class, CleanCommand.class, WorktreesCommand.class, ServeCommand.class, TopCommand.class, AnswerCommand.class, SendCommand.class, RestartCommand.class, DetectCommand.class,
                HooksCommand.class, DemoCommand.class, BenchCommand.class,
                HelpCommand.class},
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
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new SwarmMain());
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
