package io.aiswarm.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a sample by the nearest-rank method: p-th percentile = the smallest value with at least p% of
 * the sample at or below it. It always returns a value that was measured (no interpolation between samples).
 */
public final class Percentiles {
    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(Collection<? extends Number> values) {
        double[] a = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(a);
        for (double v : a) {
            if (Double.isNaN(v)) throw new IllegalArgumentException("a sample contains NaN");
        }
        return new Percentiles(a);
    }

    public int count() {
        return sorted.length;
    }

    /** @param p in [0, 100]; 0 gives the minimum, 100 the maximum. */
    public double percentile(double p) {
        if (sorted.length == 0) throw new IllegalStateException("no samples: a percentile of nothing is undefined");
        if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile " + p + " is not in [0, 100]");
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double median() {
        return percentile(50);
    }

    public double min() {
        return percentile(0);
    }

    public double max() {
        return percentile(100);
    }

    public double mean() {
        if (sorted.length == 0) throw new IllegalStateException("no samples: the mean of nothing is undefined");
        double sum = 0;
        for (double v : sorted) sum += v;
        return sum / sorted.length;
    }
}
