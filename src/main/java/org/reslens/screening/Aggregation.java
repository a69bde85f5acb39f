package org.reslens.screening;

import java.util.Locale;

/**
 * How slice probabilities become a series score, and a series' slices and a study's slices become a study score.
 * The rule sees the highest probabilities of the slices it aggregates (highest first), which is all that a rule over
 * the top of the distribution needs and keeps memory per stack constant.
 */
public sealed interface Aggregation permits Aggregation.Max, Aggregation.MeanOfTop {

    /** The default: the most suspicious slice decides (one clear lesion on one slice flags the study). */
    static Aggregation max() {
        return new Max();
    }

    /** How many of the highest probabilities the rule needs. */
    int needs();

    /** The score from the highest probabilities, highest first (at least one). */
    double apply(double[] highestFirst);

    /** The rule in words, for reports and the SR. */
    String describe();

    /** The maximum slice probability. */
    record Max() implements Aggregation {
        @Override
        public int needs() {
            return 1;
        }

        @Override
        public double apply(double[] highestFirst) {
            return highestFirst[0];
        }

        @Override
        public String describe() {
            return "maximum of the slice probabilities";
        }
    }

    /**
     * The mean of the {@code k} highest slice probabilities (of all when there are fewer): steadier than the maximum
     * against one noisy slice, at the cost of missing lesions seen on fewer than {@code k} slices.
     */
    record MeanOfTop(int k) implements Aggregation {
        public MeanOfTop {
            if (k < 1 || k > 1000) {
                throw new IllegalArgumentException("k must be within 1..1000, got " + k);
            }
        }

        @Override
        public int needs() {
            return k;
        }

        @Override
        public double apply(double[] highestFirst) {
            int n = Math.min(k, highestFirst.length);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += highestFirst[i];
            }
            return sum / n;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "mean of the %d highest slice probabilities", k);
        }
    }
}
