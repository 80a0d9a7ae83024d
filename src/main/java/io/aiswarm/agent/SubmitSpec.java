package io.aiswarm.agent;

/**
 * How a prompt is typed into an agent: the text, a short pause (TUIs that debounce input drop an Enter sent the
 * same instant), then Enter as a key. Prompts longer than {@code pasteAboveChars} or with newlines go in by
 * bracketed paste so the TUI does not submit at the first newline; 0 pastes every prompt (Codex and Gemini CLI drop a
 * typed {@code ?}: it is their shortcuts key).
 */
public record SubmitSpec(int enterDelayMillis, int pasteAboveChars) {
    public static final SubmitSpec DEFAULT = new SubmitSpec(300, 200);

    public SubmitSpec {
        if (enterDelayMillis < 0) enterDelayMillis = 0;
        if (pasteAboveChars < 0) pasteAboveChars = 200;
    }

    public boolean needsPaste(String prompt) {
        return prompt.length() > pasteAboveChars || prompt.indexOf('\n') >= 0;
    }
}
