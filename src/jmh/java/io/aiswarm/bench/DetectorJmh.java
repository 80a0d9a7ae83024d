package io.aiswarm.bench;

import io.aiswarm.master.DefaultScreenPatterns;
import io.aiswarm.master.Detection;
import io.aiswarm.master.WaitPattern;
import io.aiswarm.master.WaitPatternDetector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rescuer's detector runs on every pane on every scan, so it must cost microseconds. Screens: Claude Code's
 * permission dialog (the waiting path, every pattern tried), a busy agent (the common path), and a 2000-line
 * capture (the tail is read backwards, so its length must not matter), against a control that scans the whole
 * capture as the original design did.
 * Run: {@code bin/swarm-jmh DetectorJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DetectorJmh {
    static final String RULE = "─".repeat(78);

    static final String CLAUDE_DIALOG = String.join("\n",
            "> clean the build output and rebuild",
            "",
            "● I'll clean the build directory first, then rebuild.",
            "",
            "● Bash(rm -rf build)",
            "  ⎿  Running…",
            "",
            RULE,
            " Bash command",
            "",
            "   rm -rf build",
            "   Remove the build directory",
            "",
            " Do you want to proceed?",
            " ❯ 1. Yes",
            "   2. Yes, and don't ask again for rm commands in /work/proj",
            "   3. No, and tell Claude what to do differently (esc)",
            "",
            " Esc to cancel · Tab to amend · ctrl+e to explain",
            "");

    static final String CLAUDE_BUSY = String.join("\n",
            "> refactor the parser",
            "",
            "● I'll read the parser first.",
            "",
            "● Read(src/parser.ts)",
            "  ⎿  Read 212 lines",
            "",
            "● Update(src/parser.ts)",
            "  ⎿  Updated src/parser.ts with 14 additions and 9 removals",
            "       41 -  const tokens = lex(input);",
            "       41 +  const tokens = lex(input, { strict: true });",
            "",
            "● Bash(npm test)",
            "  ⎿  PASS  test/parser.test.ts (48 tests)",
            "",
            "✶ Pondering… (12s · ↑ 1.2k tokens · esc to interrupt)",
            "",
            RULE,
            "❯\u00a0",
            RULE,
            "");

    static final String LONG_CAPTURE = IntStream.range(0, 2000)
            .mapToObj(i -> "[build] compiled module " + i + " of 2000 in 12 ms")
            .collect(Collectors.joining("\n")) + "\nPress Enter to continue\n";

    private final WaitPatternDetector detector = WaitPatternDetector.defaults();
    private final List<String> longCaptureLines = List.of(LONG_CAPTURE.split("\n"));

    @Benchmark
    public Detection permissionDialog() {
        return detector.detect(CLAUDE_DIALOG);
    }

    @Benchmark
    public Detection busyAgent() {
        return detector.detect(CLAUDE_BUSY);
    }

    @Benchmark
    public Detection longCapture() {
        return detector.detect(LONG_CAPTURE);
    }

    /** Control: every pattern over every line of the capture, as the original rescuer did. */
    @Benchmark
    public int longCaptureNaiveWholeScan() {
        int hits = 0;
        for (String line : longCaptureLines) {
            for (WaitPattern p : DefaultScreenPatterns.WAIT) {
                if (p.matches(line)) hits++;
            }
        }
        return hits;
    }
}
