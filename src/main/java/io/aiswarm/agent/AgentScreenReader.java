package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.Detection;
import io.aiswarm.master.WaitPatternDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pane's screen with a profile's rules. Only the last {@code bottomLines} non-blank lines count (a dialog
 * that scrolled into history is not live). Precedence: the provider's limit reached (LIMITED: a limit line below the
 * last prompt echo, with no spinner and no turn-end line after it) over a permission dialog or question (WAITING)
 * over a working spinner (BUSY) over the input prompt (FINISHED when a turn-end line is in view, else IDLE); nothing
 * known is UNKNOWN and an empty screen is STARTING.
 * <p>A screen the profile does not read as waiting, on which the generic detector sees a prompt (a first-run
 * menu, a trust dialog, a credential box of a newer version), reads WAITING with the rule {@code generic:<pattern>}:
 * never IDLE (a prompt would be typed into the menu) and never UNKNOWN (nobody would be told).
 */
public final class AgentScreenReader {
    /** The rule name prefix of a WAITING read by the generic detector, not by the profile. */
    public static final String GENERIC = "generic:";
    private static final WaitPatternDetector DETECTOR = WaitPatternDetector.defaults();
    private final ScreenRules rules;

    public AgentScreenReader(AgentProfile profile) {
        this(profile.screen());
    }

    public AgentScreenReader(ScreenRules rules) {
        this.rules = rules;
    }

    public ScreenReading read(String screen) {
        ScreenReading own = readOwn(screen);
        if (own.status() == AgentStatus.WAITING || own.status() == AgentStatus.LIMITED) return own;
        Detection generic = DETECTOR.detect(screen);
        if (!generic.waiting()) return own;
        return new ScreenReading(AgentStatus.WAITING, GENERIC + generic.patternName(), generic.matchedLine(), null,
                "", generic.category());
    }

    private ScreenReading readOwn(String screen) {
        List<String> lines = bottom(screen == null ? "" : screen);
        if (lines.isEmpty()) return new ScreenReading(AgentStatus.STARTING, "", "", null, "");
        String input = input(lines);
        ScreenReading limited = limited(lines, input);
        if (limited != null) return limited;
        Hit waiting = first(rules.waiting(), lines);
        if (waiting != null) {
            // a dialog's options can look like the input line (Codex: "› 1. Yes"): no input box to read
            return new ScreenReading(AgentStatus.WAITING, waiting.rule, waiting.line, null, waitingFor(lines));
        }
        Hit busy = first(rules.busy(), lines);
        if (busy != null) return new ScreenReading(AgentStatus.BUSY, busy.rule, busy.line, input, "");
        Hit idle = first(rules.idle(), lines);
        if (idle != null) {
            Hit finished = lastTurnEnd(lines);
            if (finished != null) {
                return new ScreenReading(AgentStatus.FINISHED, finished.rule, finished.line, input, "");
            }
            return new ScreenReading(AgentStatus.IDLE, idle.rule, idle.line, input, "");
        }
        return new ScreenReading(AgentStatus.UNKNOWN, "", "", input, "");
    }

    /** The lines the rules look at: the last {@code bottomLines} non-blank ones, right-trimmed. */
    public List<String> region(String screen) {
        return bottom(screen == null ? "" : screen);
    }

    private List<String> bottom(String screen) {
        List<String> nonBlank = new ArrayList<>();
        for (String line : screen.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (!trimmed.isEmpty()) nonBlank.add(trimmed);
        }
        int from = Math.max(0, nonBlank.size() - rules.bottomLines());
        return nonBlank.subList(from, nonBlank.size());
    }

    /** The last line matching the input rule wins: the live input box is at the bottom. */
    private String input(List<String> lines) {
        if (rules.input() == null) return null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = rules.input().matcher(lines.get(i));
            if (m.find()) {
                String typed = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "";
                typed = typed.replace('\u00a0', ' ').strip();
                for (Pattern placeholder : rules.placeholders()) {
                    if (placeholder.matcher(typed).find()) return "";
                }
                return typed;
            }
        }
        return null;
    }

    private String waitingFor(List<String> lines) {
        String region = String.join("\n", lines);
        for (Pattern p : rules.waitingDetail()) {
            Matcher m = p.matcher(region);
            String found = null;
            while (m.find()) {
                if (m.groupCount() >= 1 && m.group(1) != null) found = m.group(1).strip();
            }
            if (found != null && !found.isEmpty()) return found;
        }
        return "";
    }

    /**
     * The limit line nearest the bottom, unless a prompt was submitted after it or the agent works (it was resumed).
     * A submitted prompt is an echo line, or an input-box line that is not the bottom-most one (agents whose
     * transcript shows a prompt as the input box did). Its reset time is read from the limit line and the lines
     * below it, joined (the text may wrap).
     */
    private ScreenReading limited(List<String> lines, String input) {
        if (rules.limited().isEmpty() || first(rules.busy(), lines) != null) return null;
        boolean liveBoxSeen = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (matchesAny(rules.echo(), line)) return null;
            if (rules.input() != null && rules.input().matcher(line).find()) {
                if (liveBoxSeen) return null;
                liveBoxSeen = true;
            }
            for (Pattern p : rules.limited()) {
                if (!p.matcher(line).find()) continue;
                String below = String.join(" ", lines.subList(i, lines.size()).stream().map(String::strip).toList());
                String resets = "";
                for (Pattern r : rules.limitResets()) {
                    Matcher m = r.matcher(below);
                    if (m.find() && m.groupCount() >= 1 && m.group(1) != null) {
                        resets = m.group(1).strip();
                        break;
                    }
                }
                return new ScreenReading(AgentStatus.LIMITED, p.pattern(), line.strip(), input, resets);
            }
        }
        return null;
    }

    private static boolean matchesAny(List<Pattern> patterns, String line) {
        for (Pattern p : patterns) {
            if (p.matcher(line).find()) return true;
        }
        return false;
    }

    /** The turn-end line nearest the bottom, unless a prompt was submitted after it (a new turn began). */
    private Hit lastTurnEnd(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            for (Pattern p : rules.echo()) {
                if (p.matcher(line).find()) return null;
            }
            for (Pattern p : rules.finished()) {
                if (p.matcher(line).find()) return new Hit(p.pattern(), line.strip());
            }
        }
        return null;
    }

    private static Hit first(List<Pattern> patterns, List<String> lines) {
        for (Pattern p : patterns) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (p.matcher(lines.get(i)).find()) return new Hit(p.pattern(), lines.get(i).strip());
            }
        }
        return null;
    }

    private record Hit(String rule, String line) {
    }
}
