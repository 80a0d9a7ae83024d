package io.aiswarm.view;

import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.master.Detection;
import io.aiswarm.master.MasterScanner;
import io.aiswarm.master.PersonAnswer;
import io.aiswarm.master.WaitPatternDetector;
import io.aiswarm.master.WorkerPanes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The views' answer to a HELP until the semantic answer of `swarm answer` (issue 9) is in this code base: it reads
 * the worker's screen now and answers only a shell question it can read for sure ({@code [y/N]}, {@code (yes/no)},
 * "Are you sure?") by typing y/n (or yes/no when the prompt spells them out) and Enter, or cancels it with Ctrl-C.
 * A menu or an agent's permission dialog is refused: the key that means "no" there depends on the agent and its
 * version, and Enter may confirm "Yes". The answer is recorded as START with who gave it and from where.
 */
public final class ShellPromptAnswerer implements HelpAnswerer {
    private final WorkerPanes panes;
    private final TaskQueue queue;
    private final StatusBroadcaster broadcaster;
    private final WaitPatternDetector detector;

    public ShellPromptAnswerer(WorkerPanes panes, TaskQueue queue, StatusBroadcaster broadcaster,
                               WaitPatternDetector detector) {
        this.panes = panes;
        this.queue = queue;
        this.broadcaster = broadcaster;
        this.detector = detector;
    }

    @Override
    public String answer(String workerId, Answer answer, Integer option, Requester by) {
        if (option != null) {
            throw new IllegalStateException("choosing a numbered option is not supported here yet; answer in the "
                    + "pane (swarm attach)");
        }
        String screen = panes.capture(Set.of(workerId), MasterScanner.SCREEN_LINES).get(workerId);
        if (screen == null) throw new IllegalStateException("no pane for worker '" + workerId + "'");
        Detection seen = detector.detect(screen);
        String prompt = seen.matchedLine();
        Keys keys = switch (seen.category()) {
            case CREDENTIAL -> throw new IllegalStateException(workerId + " asks for a secret ('" + prompt + "'): type "
                    + "it in the pane yourself (swarm attach)");
            case NONE -> throw new IllegalStateException("nothing waits for input on " + workerId + "'s screen"
                    + lastLine(seen));
            case CHOICE_MENU -> throw new IllegalStateException(workerId + " shows a menu or an agent's dialog ('"
                    + prompt + "'); which key means " + answer.json() + " there is not known here: answer it in the "
                    + "pane (swarm attach)");
            case PRESS_ENTER -> pressEnter(answer, prompt);
            case INTERACTIVE_CONFIRM, CONFIRM_WORDING -> yesNo(answer, prompt);
        };
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("answered_by", by.who());
        meta.put("via", by.via());
        if (by.from() != null) meta.put("from", by.from());
        meta.put("answer", answer.json());
        // recorded before the keys go: a task that ends at once logs its DONE after this line, never before it
        PersonAnswer.record(queue, broadcaster, workerId, "answered " + answer.json() + " by " + by.describe(), meta);
        if (keys.text() != null) panes.sendText(workerId, keys.text());
        panes.sendKey(workerId, keys.key());
        return keys.done() + " at '" + prompt + "'";
    }

    /** What to type: text (or none), then a key. */
    private record Keys(String text, String key, String done) {
    }

    private static Keys pressEnter(Answer answer, String prompt) {
        return switch (answer) {
            case YES -> new Keys(null, "Enter", "pressed Enter");
            case CANCEL -> cancel();
            case NO -> throw new IllegalStateException("'" + prompt + "' only waits for Enter: answer yes to go on or "
                    + "cancel to interrupt it");
        };
    }

    private static Keys yesNo(Answer answer, String prompt) {
        if (answer == Answer.CANCEL) return cancel();
        boolean words = prompt.toLowerCase(Locale.ROOT).matches(".*\\byes\\s*/\\s*no\\b.*");
        String text = answer == Answer.YES ? (words ? "yes" : "y") : (words ? "no" : "n");
        return new Keys(text, "Enter", "typed " + text + " and Enter");
    }

    private static Keys cancel() {
        return new Keys(null, "C-c", "pressed Ctrl-C");
    }

    private static String lastLine(Detection seen) {
        return seen.tail().isEmpty() ? "" : " (last line: '" + seen.tail().get(seen.tail().size() - 1) + "')";
    }
}
