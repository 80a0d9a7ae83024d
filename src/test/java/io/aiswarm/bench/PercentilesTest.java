package io.aiswarm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentilesTest {
    @Test
    void nearestRankOnOneToHundred() {
        Percentiles p = Percentiles.of(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(p.median()).isEqualTo(50);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.percentile(0)).isEqualTo(1);
        assertThat(p.percentile(1)).isEqualTo(1);
        assertThat(p.percentile(1.5)).isEqualTo(2);
        assertThat(p.mean()).isEqualTo(50.5);
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void smallSamplesGiveMeasuredValuesNotInterpolations() {
        Percentiles p = Percentiles.of(List.of(30.0, 10.0, 20.0, 40.0));
        assertThat(p.median()).isEqualTo(20); // rank ceil(0.5 * 4) = 2
        assertThat(p.percentile(99)).isEqualTo(40);
        assertThat(p.min()).isEqualTo(10);
        assertThat(p.max()).isEqualTo(40);
        assertThat(Percentiles.of(List.of(7)).percentile(99)).isEqualTo(7);
    }

    @Test
    void orderOfTheSampleDoesNotMatter() {
        List<Double> values = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) values.add(random.nextDouble() * 100);
        Percentiles sorted = Percentiles.of(values.stream().sorted().toList());
        Collections.shuffle(values, random);
        Percentiles shuffled = Percentiles.of(values);
        for (double q : new double[] {0, 10, 50, 90, 99, 100}) {
            assertThat(shuffled.percentile(q)).isEqualTo(sorted.percentile(q));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void atLeastThatShareOfTheSampleIsAtOrBelowThePercentile(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(500);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) values.add((double) random.nextInt(50)); // with ties
        Percentiles p = Percentiles.of(values);
        for (int q = 1; q <= 100; q++) {
            double v = p.percentile(q);
            long atOrBelow = values.stream().filter(x -> x <= v).count();
            long below = values.stream().filter(x -> x < v).count();
            assertThat(atOrBelow).as("p%d of %s", q, values).isGreaterThanOrEqualTo((long) Math.ceil(q / 100.0 * n));
            assertThat(below).as("p%d is the smallest such value", q).isLessThan((long) Math.ceil(q / 100.0 * n));
            assertThat(values).contains(v);
        }
    }

    @Test
    void rejectsWhatHasNoPercentile() {
        assertThatThrownBy(() -> Percentiles.of(List.<Double>of()).median()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> Percentiles.of(List.of(1.0)).percentile(101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
        assertThatThrownBy(() -> Percentiles.of(List.of(1.0, Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }
}
