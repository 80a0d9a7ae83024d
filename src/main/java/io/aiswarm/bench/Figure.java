package io.aiswarm.bench;

import java.util.Locale;

/**
 * One measured figure: what, how much, in which unit, and the target it is held against (null = for
 * information only). A miss says by how much.
 */
public record Figure(String benchmark, String name, double value, String unit, Target target, String note) {

    /** A bound a figure must stay within: {@code value <= limit} (AT_MOST) or {@code value >= limit}. */
    public record Target(boolean atMost, double limit) {
        public static Target atMost(double limit) {
            return new Target(true, limit);
        }

        public static Target atLeast(double limit) {
            return new Target(false, limit);
        }

        public boolean met(double value) {
            return atMost ? value <= limit : value >= limit;
        }

        public String describe(String unit) {
            return (atMost ? "<= " : ">= ") + Figure.format(limit) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    public static Figure info(String benchmark, String name, double value, String unit, String note) {
        return new Figure(benchmark, name, value, unit, null, note);
    }

    public static Figure checked(String benchmark, String name, double value, String unit, Target target,
                                 String note) {
        return new Figure(benchmark, name, value, unit, target, note);
    }

    /** "pass", "miss", or "info" when there is no target. A value that could not be measured (NaN) misses. */
    public String verdict() {
        if (target == null) return "info";
        return !Double.isNaN(value) && target.met(value) ? "pass" : "miss";
    }

    /** How far a miss is from its target, e.g. "3.2x over" or "12% under"; empty unless it missed. */
    public String missedBy() {
        if (!"miss".equals(verdict()) || Double.isNaN(value)) return "";
        if (target.atMost()) {
            double ratio = target.limit() == 0 ? Double.POSITIVE_INFINITY : value / target.limit();
            return ratio >= 2 ? String.format(Locale.ROOT, "%.1fx over", ratio)
                    : String.format(Locale.ROOT, "%.0f%% over", (ratio - 1) * 100);
        }
        return String.format(Locale.ROOT, "%.0f%% under", (1 - value / target.limit()) * 100);
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a == 0 || a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 0.1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
