package io.aiswarm.agent;

import java.util.List;
import java.util.Map;

/**
 * Everything the swarm knows about one kind of interactive agent: how to launch it, how to type a prompt into it,
 * how to read its screen, and which files to seed so that it starts without first-run questions.
 * {@code approveKeys} are the tmux keys that answer "yes" to its permission dialog, used only when the
 * {@link PermissionPolicy} allows it; {@code answer} says how a person's answer is typed ({@code swarm answer}).
 * Strings in {@code command}, {@code env} and {@code seed} may hold placeholders ({@link Placeholders}).
 */
public record AgentProfile(String name, String description, List<String> command, Map<String, String> env,
                           SubmitSpec submit, ScreenRules screen, List<SeedStep> seed, List<String> approveKeys,
                           AnswerKeys answer, String source) {
    public AgentProfile {
        if (answer == null) answer = AnswerKeys.AGENT_DEFAULT;
        command = List.copyOf(command);
        env = Map.copyOf(env);
        seed = List.copyOf(seed);
        approveKeys = List.copyOf(approveKeys);
    }
}
