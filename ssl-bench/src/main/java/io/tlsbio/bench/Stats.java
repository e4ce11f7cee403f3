package io.tlsbio.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians and ranges for the small samples the runners collect. */
final class Stats {

    private Stats() {}

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "median (min–max)" with {@code decimals} digits. */
    static String summary(List<Double> xs, int decimals) {
        String f = "%,." + decimals + "f";
        return String.format(
                Locale.ROOT, f + " (" + f + "–" + f + ")", median(xs), min(xs), max(xs));
    }

    /** A ratio list rendered as a percentage difference: "-3.1% (-6.0% – +1.2%)". */
    static String percent(List<Double> ratios) {
        return String.format(
                Locale.ROOT,
                "%+.1f%% (%+.1f%% – %+.1f%%)",
                (median(ratios) - 1) * 100,
                (min(ratios) - 1) * 100,
                (max(ratios) - 1) * 100);
    }

    static double[] sorted(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
