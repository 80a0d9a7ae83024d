package io.aiswarm.agent;

import java.util.List;
import java.util.Map;

/**
 * Everything the swarm knows about one kind of interactive agent: how to launch it, how to type a prompt into it,
 * how to read its screen, and which files to seed so that it starts without first-run questions.
 * {@code approveKeys} are the tmux keys that answer "yes" to its permission dialog, used only when the
 * {@link PermissionPolicy} allows it; {@code answer} says how a person's answer is typed ({@code swarm answer}).
 * Strings in {@code command}, {@code env} and {@code seed} may hold placeholders ({@link Placeholders}).
 * {@code clear} is what is typed (then Enter) to start a fresh conversation before each task; empty when the agent
 * has none, and then it is restarted instead. {@code limit} says how it goes on after a usage limit reset.
 */
public record AgentProfile(String name, String description, List<String> command, Map<String, String> env,
                           SubmitSpec submit, ScreenRules screen, List<SeedStep> seed, List<String> approveKeys,
                           AnswerKeys answer, String source, String clear, LimitSpec limit) {
    public AgentProfile(String name, String description, List<String> command, Map<String, String> env,
                        SubmitSpec submit, ScreenRules screen, List<SeedStep> seed, List<String> approveKeys,
                        AnswerKeys answer, String source) {
        this(name, description, command, env, submit, screen, seed, approveKeys, answer, source, "", LimitSpec.DEFAULT);
    }

    public AgentProfile {
        if (answer == null) answer = AnswerKeys.AGENT_DEFAULT;
        if (clear == null) clear = "";
        if (limit == null) limit = LimitSpec.DEFAULT;
        command = List.copyOf(command);
        env = Map.copyOf(env);
        seed = List.copyOf(seed);
        approveKeys = List.copyOf(approveKeys);
    }

    /** The same profile with another clear command ("" restarts the agent between tasks). */
    public AgentProfile withClear(String text) {
        return new AgentProfile(name, description, command, env, submit, screen, seed, approveKeys, answer, source, text,
                limit);
    }

    /** The same profile going on after a usage limit another way. */
    public AgentProfile withLimit(LimitSpec spec) {
        return new AgentProfile(name, description, command, env, submit, screen, seed, approveKeys, answer, source, clear,
                spec);
    }
}
