package io.aiswarm.answer;

import io.aiswarm.agent.AgentProfile;
import io.aiswarm.agent.AgentScreenReader;
import io.aiswarm.agent.ScreenReading;
import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.Detection;
import io.aiswarm.master.PatternCategory;
import io.aiswarm.master.WaitPatternDetector;
import java.util.List;

/**
 * What waits for an answer on one screen, read as the swarm reads it: with the worker's agent profile when it runs an
 * agent (its dialog, or any prompt the generic rules see), else with the generic detector.
 *
 * @param category NONE when nothing waits
 * @param about    what the prompt asks about: the command of an agent's dialog, else the prompt line
 * @param line     the prompt line itself
 * @param lines    the bottom lines that were read, top to bottom
 */
public record ScreenPrompt(PatternCategory category, String about, String line, List<String> lines) {
    private static final WaitPatternDetector DETECTOR = WaitPatternDetector.defaults();

    public ScreenPrompt {
        lines = List.copyOf(lines);
    }

    /** @param profile the worker's agent profile, null for an exec worker */
    public static ScreenPrompt read(String screen, AgentProfile profile) {
        if (profile != null) {
            AgentScreenReader reader = new AgentScreenReader(profile);
            ScreenReading r = reader.read(screen);
            List<String> region = reader.region(screen);
            if (r.status() != AgentStatus.WAITING) return new ScreenPrompt(PatternCategory.NONE, "", "", region);
            return new ScreenPrompt(r.category(), r.waitingFor().isEmpty() ? r.line().strip() : r.waitingFor(),
                    r.line().strip(), region);
        }
        Detection d = DETECTOR.detect(screen);
        return new ScreenPrompt(d.category(), d.matchedLine(), d.matchedLine(), d.tail());
    }

    public boolean waiting() {
        return category != PatternCategory.NONE;
    }

    /** The same prompt as {@code other}: the same question about the same thing. */
    public boolean sameAs(ScreenPrompt other) {
        return waiting() && other.waiting() && about.equals(other.about) && line.equals(other.line);
    }

    /** Whether the screen still shows {@code text} (what a HELP named) in the lines read. */
    public boolean shows(String text) {
        String wanted = squeeze(text);
        return lines.stream().anyMatch(l -> squeeze(l).contains(wanted));
    }

    /** The last few lines, for a message that says what is on the screen. */
    public String lastLines(int n) {
        List<String> text = lines.stream().map(ScreenPrompt::squeeze).filter(l -> !l.isEmpty() && !l.equals("❯"))
                .toList();
        List<String> tail = text.subList(Math.max(0, text.size() - n), text.size());
        return tail.isEmpty() ? "(an empty screen)" : String.join(" / ", tail);
    }

    private static String squeeze(String s) {
        return s.replaceAll("[\\s│╭╮╰╯─╌]+", " ").strip();
    }
}
