package io.aiswarm.master;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a pane's screen: is a prompt waiting at the bottom, and is the pane idle or busy. Only the last
 * {@value #TAIL_LINES} non-blank lines are read, and a prompt counts only within its pattern's bottom reach and
 * below every busy or idle marker: a prompt that scrolled up, or that has a shell prompt or a spinner under it,
 * is history. Thread-safe; patterns are compiled once.
 */
public final class WaitPatternDetector {
    public static final int TAIL_LINES = 20;
    /** Busy and idle markers count within this many last non-blank lines. */
    public static final int STATE_LINES = 5;

    private final List<WaitPattern> waitPatterns;
    private final List<Pattern> busyMarkers;
    private final List<Pattern> idleMarkers;
    private final int scanLines;

    public WaitPatternDetector(List<WaitPattern> waitPatterns, List<Pattern> busyMarkers, List<Pattern> idleMarkers) {
        this.waitPatterns = List.copyOf(waitPatterns);
        this.busyMarkers = List.copyOf(busyMarkers);
        this.idleMarkers = List.copyOf(idleMarkers);
        int reach = STATE_LINES;
        for (WaitPattern p : this.waitPatterns) reach = Math.max(reach, p.bottomReach());
        this.scanLines = Math.min(reach, TAIL_LINES);
    }

    public static WaitPatternDetector defaults() {
        return new WaitPatternDetector(DefaultScreenPatterns.WAIT, DefaultScreenPatterns.BUSY,
                DefaultScreenPatterns.IDLE);
    }

    /** Reads {@code screen} (a pane capture; null reads as empty). */
    public Detection detect(String screen) {
        if (screen == null) screen = "";
        List<ScreenTail.Line> lines = ScreenTail.of(screen, TAIL_LINES);
        List<String> tail = new ArrayList<>(lines.size());
        for (ScreenTail.Line line : lines) tail.add(line.text());
        int n = tail.size();

        // The lowest busy/idle marker near the bottom: a prompt above it is not what the pane waits for now.
        int busyAt = -1;
        int idleAt = -1;
        for (int i = n - 1; i >= Math.max(0, n - scanLines) && busyAt < 0 && idleAt < 0; i--) {
            if (anyFinds(busyMarkers, tail.get(i))) busyAt = i;
            else if (anyFinds(idleMarkers, tail.get(i))) idleAt = i;
        }
        int floor = Math.max(busyAt, idleAt);

        WaitPattern best = null;
        int bestAt = -1;
        for (WaitPattern pattern : waitPatterns) {
            if (best != null && !pattern.category().outranks(best.category())) continue;
            int lowest = Math.max(floor + 1, n - pattern.bottomReach());
            for (int i = n - 1; i >= lowest; i--) {
                if (pattern.matches(tail.get(i))) {
                    best = pattern;
                    bestAt = i;
                    break;
                }
            }
        }
        if (best != null) {
            return new Detection(AgentStatus.WAITING, best.category(), best.name(), tail.get(bestAt),
                    lines.get(bestAt).fromBottom(), tail, bestAt);
        }
        return Detection.nothingWaiting(stateOf(tail, busyAt, idleAt), tail);
    }

    private AgentStatus stateOf(List<String> tail, int busyAt, int idleAt) {
        int stateFloor = tail.size() - STATE_LINES;
        if (busyAt >= stateFloor && busyAt >= 0) return AgentStatus.BUSY;
        // A busy marker just above an idle one (a spinner over Claude's input box) still means busy.
        for (int i = Math.max(0, stateFloor); i < tail.size(); i++) {
            if (anyFinds(busyMarkers, tail.get(i))) return AgentStatus.BUSY;
        }
        if (idleAt >= stateFloor && idleAt >= 0) return AgentStatus.IDLE;
        return AgentStatus.UNKNOWN;
    }

    private static boolean anyFinds(List<Pattern> patterns, String line) {
        for (Pattern p : patterns) {
            if (p.matcher(line).find()) return true;
        }
        return false;
    }
}
