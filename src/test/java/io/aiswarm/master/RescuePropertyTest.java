package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property-style checks over random screens (seeded, so a failure reproduces). */
class RescuePropertyTest {
    private static final List<String> ORDINARY = List.of("compiling module 3", "I will confirm the result",
            "Let's continue.", "tests: 42 passed", "● Read(src/app.py)", "", "   ", "────────", "│ box │",
            "1. Yes, it works", "Press releases weekly", "we answered y or n before it");
    private static final List<String> DANGEROUS = List.of("rm -rf build", "DROP TABLE users", "sudo make install",
            "enter your password", "deploy to production", "删除文件", "kill 42", "the API token");
    private static final List<String> PROMPTS = List.of("Press ENTER to continue", "Continue? [y/N]",
            "Are you sure?", "按回车继续", "Do you want to proceed?\n❯ 1. Yes\n  2. No", "Press any key to continue",
            "hit enter", "Press Enter to accept the license");

    private final WaitPatternDetector detector = WaitPatternDetector.defaults();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 4711})
    void enterIsOnlyEverSentToABarePauseOnTheLastLineWithNothingDangerousInSight(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            List<String> lines = new ArrayList<>();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                int kind = random.nextInt(10);
                List<String> pool = kind < 6 ? ORDINARY : kind < 8 ? DANGEROUS : PROMPTS;
                lines.add(pool.get(random.nextInt(pool.size())));
            }
            String screen = String.join("\n", lines) + (random.nextBoolean() ? "\n" : "");
            Detection d = detector.detect(screen);
            PolicyVerdict v = RescuePolicy.defaults().decide(d);

            assertThat(d.tail()).hasSizeLessThanOrEqualTo(WaitPatternDetector.TAIL_LINES);
            if (v.action() == RescueAction.SEND_ENTER) {
                assertThat(d.category()).as(screen).isEqualTo(PatternCategory.PRESS_ENTER);
                assertThat(d.tailIndex()).as(screen).isEqualTo(d.tail().size() - 1);
                assertThat(DangerousWords.find(d.tail())).as(screen).isEmpty();
                assertThat(d.matchedLine()).as(screen).doesNotContainIgnoringCase("accept");
            }
            boolean dangerInTail = d.tail().stream().anyMatch(DANGEROUS::contains);
            if (dangerInTail) assertThat(v.action()).as(screen).isNotEqualTo(RescueAction.SEND_ENTER);
            if (d.waiting()) {
                assertThat(d.lineIndexIn(screen)).as(screen).isBetween(0, screen.split("\n", -1).length - 1);
                assertThat(screen.split("\n", -1)[d.lineIndexIn(screen)]).as(screen).contains(d.matchedLine());
            }
        }
    }
}
