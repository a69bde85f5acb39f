package org.reslens.evaluation;

import org.reslens.inference.Activation;

/** The ranking score of a prediction: see {@link SliceResult#score()}. */
final class Scores {
    private Scores() {
    }

    /** The log-odds of class {@code cls}'s probability under {@code activation}, from the raw logits. */
    static double logOdds(float[] logits, Activation activation, int cls) {
        if (activation != Activation.SOFTMAX) {
            return logits[cls];  // sigmoid: the logit is the log-odds; none: the value is the score
        }
        if (logits.length == 1) {
            return 0;  // a one-class softmax is always 1: no ranking
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.length; j++) {
            if (j != cls) {
                max = Math.max(max, logits[j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < logits.length; j++) {
            if (j != cls) {
                sum += Math.exp(logits[j] - max);
            }
        }
        // log(p / (1 - p)) = l_c - log(sum_{j != c} exp(l_j)); exactly l1 - l0 for two classes
        return logits[cls] - (max + Math.log(sum));
    }
}
