package io.aiswarm.answer;

import io.aiswarm.master.PaneTerminal;
import java.util.ArrayList;
import java.util.List;

/** What an answer types: literal text and tmux keys, in order, and how to say it to a person. */
record Keystrokes(List<String[]> steps, String said) {
    static Keystrokes keys(String said, String... keys) {
        List<String[]> steps = new ArrayList<>();
        for (String k : keys) steps.add(new String[]{"key", k});
        return new Keystrokes(steps, said);
    }

    static Keystrokes textThenEnter(String text) {
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[]{"text", text});
        steps.add(new String[]{"key", "Enter"});
        return new Keystrokes(steps, "typed " + text + " and Enter");
    }

    void typeInto(PaneTerminal panes, String worker) {
        for (String[] step : steps) {
            if (step[0].equals("text")) {
                panes.sendText(worker, step[1]);
            } else {
                panes.sendKey(worker, step[1]);
            }
        }
    }
}
