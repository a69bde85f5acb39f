package org.reslens.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The detection metrics, with the definitions of models/training/train.py so that Java and Python agree exactly on
 * the same scores.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * ROC AUC as the Mann-Whitney statistic: {@code (R+ - n+ (n+ + 1) / 2) / (n+ n-)}, {@code R+} the sum of the
     * positives' ranks among all scores, tied scores sharing their average rank (so a tie counts one half). NaN when
     * either class is empty.
     */
    public static double rocAuc(double[] positives, double[] negatives) {
        int np = positives.length;
        int nn = negatives.length;
        if (np == 0 || nn == 0) {
            return Double.NaN;
        }
        double[] all = new double[np + nn];
        System.arraycopy(positives, 0, all, 0, np);
        System.arraycopy(negatives, 0, all, np, nn);
        Integer[] order = IntStream.range(0, all.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> all[i]));
        double[] rank = new double[all.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = r;
            }
            i = j + 1;
        }
        double sum = 0;
        for (int i = 0; i < np; i++) {
            sum += rank[i];
        }
        return (sum - np * (np + 1.0) / 2) / ((double) np * nn);
    }

    /**
     * The operating point at a specificity: the threshold is the negatives' score at sorted (ascending) index
     * {@code min(n- - 1, ceil(specificity * n-) - 1)}, and sensitivity is the fraction of positives scoring strictly
     * above it. At least {@code specificity} of the negatives then score at or below the threshold (more when scores
     * tie there).
     */
    public static OperatingPoint atSpecificity(double[] positives, double[] negatives, double specificity) {
        if (!(specificity > 0 && specificity <= 1)) {
            throw new IllegalArgumentException("specificity must be within (0, 1]");
        }
        if (positives.length == 0 || negatives.length == 0) {
            return new OperatingPoint(Double.NaN, -1, Double.NaN, Double.NaN);
        }
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        int index = Math.min(neg.length - 1, (int) Math.ceil(specificity * neg.length) - 1);
        index = Math.max(index, 0);
        double threshold = neg[index];
        int above = 0;
        for (double p : positives) {
            if (p > threshold) {
                above++;
            }
        }
        int atOrBelow = 0;
        for (double n : neg) {
            if (n <= threshold) {
                atOrBelow++;
            }
        }
        return new OperatingPoint((double) above / positives.length, index, threshold,
                (double) atOrBelow / neg.length);
    }

    /**
     * A threshold and what it gives.
     *
     * @param negativeIndex the threshold's index among the negatives sorted by score (-1 when undefined)
     * @param specificity   the fraction of negatives at or below the threshold
     */
    public record OperatingPoint(double sensitivity, int negativeIndex, double threshold, double specificity) {
    }
}
