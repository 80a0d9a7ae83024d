package io.aiswarm.cli;

import io.aiswarm.answer.AnswerRefused;
import io.aiswarm.answer.HelpAnswer;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.Requester;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swarm answer WORKER yes|no|cancel [--option N]}: what the person means, typed as the prompt needs it. */
@Command(name = "answer", mixinStandardHelpOptions = true, description = {
        "Answers the prompt a worker waits on (its HELP) with what you mean: yes, no or cancel.",
        "It reads the live prompt: in an agent's dialog it finds the option that means your answer by its text (or",
        "takes --option N) and presses the keys the agent takes (its number; Esc to cancel); a shell question gets",
        "y/n (yes/no) and Enter; a 'Press Enter' gets Enter. It refuses (exit 1, saying what is on the screen) when",
        "nothing waits, when the prompt changed since the HELP, when it cannot tell which option means the answer,",
        "and for a password or other secret. Then it checks that the prompt closed: if not, it says so (exit 1) and",
        "the HELP stays open. `swarm send` types raw text instead."})
public class AnswerCommand extends WorkerCommand implements Callable<Integer> {
    @Parameters(index = "1", paramLabel = "ANSWER", description = "yes, no or cancel.")
    String answer;

    @Option(names = "--option", paramLabel = "N", description = "Choose the dialog's option N instead of finding it "
            + "by its text (refused when its text means the opposite answer).")
    Integer option;

    @Override
    public Integer call() {
        HelpAnswerer.Answer meant = HelpAnswerer.Answer.parse(answer);
        SwarmConfig config = cluster.config();
        try (TmuxSwarmManager tmux = connect(config);
             SwarmStore store = SwarmStores.open(config, Clock.systemUTC())) {
            runningPane(tmux);
            HelpAnswer answerer = HelpAnswer.forSwarm(config, store, new TmuxWorkerPanes(tmux), Clock.systemUTC());
            String done = answerer.answer(worker, meant, option,
                    new Requester("cli", System.getProperty("user.name", "unknown"), null));
            spec.commandLine().getOut().println("swarm: " + worker + ": " + done);
            return SwarmMain.EXIT_OK;
        } catch (AnswerRefused e) {
            spec.commandLine().getErr().println("swarm: " + e.getMessage());
            return SwarmMain.EXIT_FAILURE;
        }
    }
}
