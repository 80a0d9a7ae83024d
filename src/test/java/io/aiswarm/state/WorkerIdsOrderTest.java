package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The natural order of worker ids, against its definition written as a regular expression. */
class WorkerIdsOrderTest {
    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

    /** The definition: same prefix compared by the number that ends the id (under 19 digits), otherwise by text. */
    private static final Comparator<String> DEFINITION = (a, b) -> {
        Matcher ma = NUMBERED.matcher(a);
        Matcher mb = NUMBERED.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 19
                && mb.group(2).length() < 19) {
            int byNumber = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
            if (byNumber != 0) return byNumber;
        }
        return a.compareTo(b);
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void agreesWithTheDefinitionOnRandomIds(long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        String[] prefixes = {"", "worker-", "w", "gpu-worker-", "worker-1-", "x9"};
        for (int i = 0; i < 300; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            int length = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextInt(6) == 0 ? 21 : 3);
            StringBuilder digits = new StringBuilder();
            for (int d = 0; d < length; d++) digits.append((char) ('0' + random.nextInt(10)));
            ids.add(prefix + digits);
        }
        for (String a : ids) {
            for (String b : ids) {
                assertThat(Integer.signum(WorkerIds.ORDER.compare(a, b))).as(a + " vs " + b)
                        .isEqualTo(Integer.signum(DEFINITION.compare(a, b)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker-2,worker-10", "worker-9,worker-10,worker-11", "a,b", "w1,x0"})
    void sortsNaturally(String sorted) {
        List<String> ids = new ArrayList<>(List.of(sorted.split(",")));
        java.util.Collections.reverse(ids);
        ids.sort(WorkerIds.ORDER);
        assertThat(String.join(",", ids)).isEqualTo(sorted);
    }
}
