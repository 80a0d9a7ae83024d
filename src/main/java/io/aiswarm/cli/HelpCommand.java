package io.aiswarm.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;

/** {@code swarm help [COMMAND...]}: the help of any command, sub-commands included ({@code swarm help task add}). */
@Command(name = "help", helpCommand = true,
        description = "Shows the help of a command, e.g. `swarm help task add`; without one, of swarm itself.")
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its sub-commands, e.g. task add.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private Help.ColorScheme colors;
    private PrintWriter out;
    private PrintWriter err;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out,
                                PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                err.println("swarm: unknown command '" + String.join(" ", path) + "'; `"
                        + target.getCommandSpec().qualifiedName() + " --help` lists the commands");
                return SwarmMain.EXIT_USAGE;
            }
            target = sub;
        }
        target.usage(out, colors);
        return SwarmMain.EXIT_OK;
    }
}
