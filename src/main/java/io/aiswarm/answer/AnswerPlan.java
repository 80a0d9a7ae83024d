package io.aiswarm.answer;

import io.aiswarm.agent.AnswerKeys;
import io.aiswarm.view.HelpAnswerer.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which keys mean the person's answer to the prompt on the screen. A dialog's option is found by its text (or given
 * by number) and chosen with the keys the agent takes ({@link AnswerKeys}); a shell question gets y/n (yes/no when it
 * spells them out) and Enter; a bare "Press Enter" gets Enter. Anything it cannot tell for sure is refused with an
 * {@link AnswerRefused} that says what it sees, so nothing is ever typed that could mean what the person did not.
 */
final class AnswerPlan {
    private AnswerPlan() {
    }

    static Keystrokes plan(String worker, ScreenPrompt prompt, Answer answer, Integer option, AnswerKeys keys) {
        return switch (prompt.category()) {
            case NONE -> throw new AnswerRefused("nothing waits for an answer on " + worker + "'s screen; it shows: "
                    + prompt.lastLines(4));
            case CREDENTIAL -> throw new AnswerRefused(worker + " asks for a secret ('" + prompt.line() + "'): it is "
                    + "never typed for you; type it in the pane yourself (swarm attach)");
            case CHOICE_MENU -> menu(worker, prompt, answer, option, keys);
            case INTERACTIVE_CONFIRM, CONFIRM_WORDING -> question(worker, prompt, answer, option);
            case PRESS_ENTER -> pause(prompt, answer, option);
        };
    }

    private static Keystrokes menu(String worker, ScreenPrompt prompt, Answer answer, Integer option, AnswerKeys keys) {
        if (answer == Answer.CANCEL && option == null) {
            return Keystrokes.keys("pressed " + keys.cancel() + " (cancel)", keys.cancel());
        }
        List<MenuOption> options = MenuOptions.of(prompt.lines());
        if (options.isEmpty()) {
            throw new AnswerRefused(worker + " shows a menu without numbered options ('" + prompt.line() + "'): which "
                    + "key means " + answer.json() + " there is not known; answer cancel, or in the pane (swarm attach)");
        }
        MenuOption chosen = option != null ? given(worker, options, option, answer)
                : MenuOptions.meaning(options, answer).orElseThrow(() -> new AnswerRefused(worker + "'s dialog has no "
                + "single option that means " + answer.json() + " (options: " + options + "); give --option N"));
        return select(options, chosen, keys);
    }

    private static MenuOption given(String worker, List<MenuOption> options, int number, Answer answer) {
        MenuOption chosen = options.stream().filter(o -> o.number() == number).findFirst()
                .orElseThrow(() -> new AnswerRefused(worker + "'s dialog has no option " + number + " (options: "
                        + options + ")"));
        Answer opposite = answer == Answer.YES ? Answer.NO : answer == Answer.NO ? Answer.YES : null;
        if (opposite != null && MenuOptions.means(chosen, opposite)) {
            throw new AnswerRefused("option " + chosen + " reads as " + opposite.json() + ", not " + answer.json()
                    + ": nothing was typed");
        }
        return chosen;
    }

    private static Keystrokes select(List<MenuOption> options, MenuOption chosen, AnswerKeys keys) {
        String said = "chose " + chosen;
        String digit = Integer.toString(chosen.number());
        return switch (keys.select()) {
            case AnswerKeys.NUMBER_ENTER -> Keystrokes.keys(said + " (" + digit + " and Enter)", digit, "Enter");
            case AnswerKeys.ARROWS -> {
                int from = MenuOptions.highlighted(options).number();
                List<String> moves = new ArrayList<>();
                String arrow = chosen.number() > from ? "Down" : "Up";
                for (int i = 0; i < Math.abs(chosen.number() - from); i++) moves.add(arrow);
                moves.add("Enter");
                yield Keystrokes.keys(said + " (" + String.join(" ", moves) + ")", moves.toArray(String[]::new));
            }
            default -> Keystrokes.keys(said + " (key " + digit + ")", digit);
        };
    }

    private static Keystrokes question(String worker, ScreenPrompt prompt, Answer answer, Integer option) {
        if (option != null) {
            throw new AnswerRefused(worker + " asks a yes/no question ('" + prompt.line() + "'), not a menu: answer "
                    + "yes, no or cancel without --option");
        }
        if (answer == Answer.CANCEL) return Keystrokes.keys("pressed Ctrl-C (cancel)", "C-c");
        boolean words = prompt.line().toLowerCase(Locale.ROOT).matches(".*\\byes\\s*(?:/|\\bor\\b)\\s*no\\b.*");
        return Keystrokes.textThenEnter(answer == Answer.YES ? (words ? "yes" : "y") : (words ? "no" : "n"));
    }

    private static Keystrokes pause(ScreenPrompt prompt, Answer answer, Integer option) {
        if (option != null) throw new AnswerRefused("'" + prompt.line() + "' only waits for Enter: no options");
        return switch (answer) {
            case YES -> Keystrokes.keys("pressed Enter", "Enter");
            case CANCEL -> Keystrokes.keys("pressed Ctrl-C (cancel)", "C-c");
            case NO -> throw new AnswerRefused("'" + prompt.line() + "' only waits for Enter: answer yes to go on or "
                    + "cancel to interrupt it");
        };
    }
}
