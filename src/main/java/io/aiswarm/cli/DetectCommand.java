package io.aiswarm.cli;

import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentScreenReader;
import io.aiswarm.agent.ScreenReading;
import io.aiswarm.master.Detection;
import io.aiswarm.master.PatternCategory;
import io.aiswarm.master.PolicyVerdict;
import io.aiswarm.master.RescueAction;
import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.RescuePolicy;
import io.aiswarm.master.WaitPatternDetector;
import io.aiswarm.state.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code swarm detect [FILE|-]}: classifies a screen given as text and prints one JSON object. */
@Command(name = "detect", mixinStandardHelpOptions = true, description = {
        "Classify a screen (a pane capture as text) and print one JSON object: state (idle, busy, waiting, unknown),"
                + " category, pattern, matched line, the action the rescue policy would take, and why.",
        "Reads FILE, or standard input when FILE is '-' or missing. Honours the AI_SWARM_AUTO_RESCUE_* settings.",
        "With --agent the profile's rules decide the state: starting, idle, busy, waiting, finished (a turn ended and",
        "the prompt is back: idle for the dispatcher) or unknown. A prompt seen by either rules makes the state",
        "waiting and the action RAISE_HELP or SEND_ENTER: state and action never disagree."})
public class DetectCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Screen text; '-' or none = stdin.")
    String file;

    @Option(names = "--agent", paramLabel = "NAME",
            description = "Agent profile whose screen rules to use (claude, codex, gemini, ...); default: generic rules.")
    String agent;

    @Override
    public Integer call() throws IOException {
        String screen = readScreen();
        RescuePolicy policy = RescuePolicy.from(cluster.config());
        Detection detection = WaitPatternDetector.defaults().detect(screen);
        PolicyVerdict verdict = policy.decide(detection);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", detection.state().jsonName());
        out.put("category", detection.category().name());
        out.put("pattern", detection.patternName());
        out.put("matched_line", detection.matchedLine());
        out.put("line_index", detection.lineIndexIn(screen));
        out.put("action", verdict.action().name());
        out.put("reason", verdict.reason());
        out.put("dry_run", policy.dryRun());
        out.put("rules", "generic");
        if (agent != null) {
            // the profile's rules decide the state (a prompt seen by the generic rules reads waiting there too)
            ScreenReading reading = new AgentScreenReader(AgentProfiles.load(cluster.config()).get(agent)).read(screen);
            out.put("state", reading.status().jsonName());
            if (reading.status() == AgentStatus.WAITING && !detection.waiting()) {
                // a dialog only the profile knows: the agent monitor raises HELP for it
                out.put("category", PatternCategory.CHOICE_MENU.name());
                out.put("pattern", reading.rule());
                out.put("matched_line", reading.line());
                out.put("action", RescueAction.RAISE_HELP.name());
                out.put("reason", "the profile's waiting rule matches (a permission dialog): never approved unless "
                        + "agent-policy.json allows it; a person decides");
            }
            if (reading.status() == AgentStatus.LIMITED) {
                // the provider's limit, not a question (Gemini CLI's is a menu): nobody is asked, the turn resumes
                out.put("action", RescueAction.NONE.name());
                out.put("reason", "the provider's usage limit is reached: the worker is limited until it resets"
                        + (reading.waitingFor().isEmpty() ? " (not named: a backoff)" : " (" + reading.waitingFor() + ")")
                        + ", then the agent monitor resumes the turn");
            }
            out.put("rules", "agent:" + agent);
            out.put("agent", agent);
            out.put("agent_rule", reading.rule());
            out.put("agent_line", reading.line());
            out.put("input", reading.input());
            out.put("waiting_for", reading.waitingFor());
        }
        spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(out));
        return SwarmMain.EXIT_OK;
    }

    private String readScreen() {
        if (file == null || file.equals("-")) {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the screen from standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read screen file " + path + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); give a readable text file, or '-' for standard input");
        }
    }
}
