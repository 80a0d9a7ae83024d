package io.aiswarm.answer;

import io.aiswarm.view.HelpAnswerer.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbered options of the dialog at the bottom of a screen, and which of them means yes or no, told by their
 * text, never by a fixed number: Claude Code 2.1.197 has "3. No", 2.1.330 "4. No" after "3. Yes, and switch to auto
 * mode"; Codex "3. No, and tell Codex what to do differently", Gemini CLI "3. No, suggest changes". The plain "yes" is
 * the one-time approval: never "always", "don't ask again", "for this session" or "switch to auto mode".
 */
public final class MenuOptions {
    private static final Pattern OPTION =
            Pattern.compile("^[\\s│|]*(?:([❯›▶►●→>])\\s*)?(\\d{1,2})[.)]\\s+(\\S.*?)[\\s│|]*$");
    private static final Pattern NO = Pattern.compile("^(?:no|don'?t|do not|deny|reject|decline)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern YES = Pattern.compile("^(?:yes|allow|approve|proceed|accept|trust|continue)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A "yes" that grants more than this once. */
    private static final Pattern MORE_THAN_ONCE = Pattern.compile(
            "\\balways\\b|don'?t ask|do not ask|\\bsession\\b|auto mode|\\bparent\\b|,\\s*and\\b|\\ball\\b",
            Pattern.CASE_INSENSITIVE);

    private MenuOptions() {
    }

    /** The options numbered 1..n nearest the bottom of {@code lines}, top to bottom; empty when there are none. */
    public static List<MenuOption> of(List<String> lines) {
        List<MenuOption> found = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = OPTION.matcher(lines.get(i));
            if (!m.find()) continue; // a wrapped option's second line, a footer, a blank
            MenuOption option = new MenuOption(Integer.parseInt(m.group(2)), m.group(3).strip(), m.group(1) != null);
            if (!found.isEmpty() && option.number() != found.get(0).number() - 1) found.clear();
            found.add(0, option);
            if (option.number() == 1) return List.copyOf(found);
        }
        return List.of();
    }

    /** The one option that means {@code answer} (yes or no); empty when none or several do. */
    public static Optional<MenuOption> meaning(List<MenuOption> options, Answer answer) {
        List<MenuOption> matches = options.stream().filter(o -> means(o, answer)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Whether the option's text reads as {@code answer}: a one-time yes, or a no. */
    public static boolean means(MenuOption option, Answer answer) {
        return switch (answer) {
            case YES -> YES.matcher(option.text()).find() && !MORE_THAN_ONCE.matcher(option.text()).find();
            case NO -> NO.matcher(option.text()).find();
            case CANCEL -> false;
        };
    }

    /** The option the cursor is on; the first one when none shows a cursor. */
    public static MenuOption highlighted(List<MenuOption> options) {
        return options.stream().filter(MenuOption::highlighted).findFirst().orElse(options.get(0));
    }
}
