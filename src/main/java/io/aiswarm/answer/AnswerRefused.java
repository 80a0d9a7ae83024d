package io.aiswarm.answer;

/** An answer that was not given (nothing typed), or that did not close the prompt; the message says why. */
public final class AnswerRefused extends IllegalStateException {
    public AnswerRefused(String message) {
        super(message);
    }
}
