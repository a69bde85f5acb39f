package org.reslens.imaging;

import java.util.Arrays;

/**
 * The values of one image as a sorted list of distinct values with their counts, so that percentiles, mean and
 * standard deviation over hundreds of thousands of pixels cost a pass over a few thousand distinct values.
 * Percentiles follow {@code numpy.percentile} with its default "linear" method exactly.
 */
final class Distribution {
    private final double[] values;
    private final long[] counts;
    private final long total;

    /** {@code values} ascending and distinct, {@code counts} positive. */
    private Distribution(double[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        this.total = n;
    }

    /**
     * From value/count pairs in any order (values need not be distinct); pairs with zero count are dropped.
     */
    static Distribution of(double[] values, long[] counts, int length) {
        boolean ascending = true;
        int kept = 0;
        double last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            if (counts[i] > 0) {
                if (values[i] <= last) {
                    ascending = false;
                }
                last = values[i];
                kept++;
            }
        }
        double[] v = new double[kept];
        long[] c = new long[kept];
        int k = 0;
        for (int i = 0; i < length; i++) {
            if (counts[i] > 0) {
                v[k] = values[i];
                c[k] = counts[i];
                k++;
            }
        }
        if (!ascending) {
            Integer[] order = new Integer[kept];
            for (int i = 0; i < kept; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
            double[] sv = new double[kept];
            long[] sc = new long[kept];
            int m = -1;
            for (int i = 0; i < kept; i++) {
                double x = v[order[i]];
                if (m >= 0 && sv[m] == x) {
                    sc[m] += c[order[i]];
                } else {
                    m++;
                    sv[m] = x;
                    sc[m] = c[order[i]];
                }
            }
            return new Distribution(Arrays.copyOf(sv, m + 1), Arrays.copyOf(sc, m + 1));
        }
        return new Distribution(v, c);
    }

    /** From individual samples (used where the values are not small integers). */
    static Distribution ofSamples(double[] samples, int length) {
        double[] s = Arrays.copyOf(samples, length);
        Arrays.sort(s);
        double[] v = new double[length];
        long[] c = new long[length];
        int m = -1;
        for (int i = 0; i < length; i++) {
            if (m >= 0 && v[m] == s[i]) {
                c[m]++;
            } else {
                m++;
                v[m] = s[i];
                c[m] = 1;
            }
        }
        return new Distribution(Arrays.copyOf(v, m + 1), Arrays.copyOf(c, m + 1));
    }

    long total() {
        return total;
    }

    boolean isEmpty() {
        return total == 0;
    }

    /** The value at 0-based rank {@code r} of the sorted samples. */
    private double atRank(long r) {
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (r < seen) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /**
     * {@code numpy.percentile(a, q)} with the default linear method: virtual index {@code q/100 * (n-1)} computed as
     * numpy does, linear interpolation between the neighbouring order statistics with numpy's two-sided lerp.
     */
    double percentile(double q) {
        if (total == 0) {
            throw new IllegalStateException("percentile of no values");
        }
        double quantile = q / 100;
        long n = total;
        double virtual = n * quantile + (1 + quantile * -1) - 1;
        if (virtual >= n - 1) {
            return values[values.length - 1];
        }
        if (virtual < 0) {
            return values[0];
        }
        long previous = (long) Math.floor(virtual);
        double gamma = virtual - previous;
        double a = atRank(previous);
        double b = atRank(previous + 1);
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    double mean() {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * counts[i];
        }
        return sum / total;
    }

    /** Population standard deviation (numpy's default, ddof = 0). */
    double std() {
        double m = mean();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - m;
            sum += d * d * counts[i];
        }
        return Math.sqrt(sum / total);
    }
}
