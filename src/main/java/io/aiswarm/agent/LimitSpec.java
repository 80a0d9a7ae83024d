package io.aiswarm.agent;

import java.util.List;

/**
 * How an agent goes on after its provider's limit reset: {@code dialogKeys} when the limit is a dialog still on
 * screen (Gemini CLI's "Keep trying"), else {@code prompt} typed as a new turn ("continue": the conversation still
 * holds the task). {@code backoffSeconds} is the first wait when the screen names no reset time; it doubles with
 * each limit in a row, up to an hour.
 */
public record LimitSpec(String prompt, List<String> dialogKeys, int backoffSeconds) {
    public static final LimitSpec DEFAULT = new LimitSpec("continue", List.of(), 60);

    public LimitSpec {
        prompt = prompt == null || prompt.isBlank() ? DEFAULT_PROMPT : prompt;
        dialogKeys = List.copyOf(dialogKeys);
        if (backoffSeconds <= 0) backoffSeconds = 60;
    }

    private static final String DEFAULT_PROMPT = "continue";
}
