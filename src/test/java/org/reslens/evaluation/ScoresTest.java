package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.reslens.inference.Activation;

/** The ranking score is the log-odds of the probability the bundle reports. */
class ScoresTest {
    @Test
    void twoClassSoftmaxScoresTheLogitDifferenceExactly() {
        float[] l = {0.3f, 2.1f};
        assertThat(Scores.logOdds(l, Activation.SOFTMAX, 1)).isEqualTo((double) 2.1f - (double) 0.3f);
    }

    @Test
    void scoresKeepOrderWhereFloatProbabilitiesSaturate() {
        float[] a = {-20f, 20f};
        float[] b = {-25f, 25f};
        assertThat(Activation.SOFTMAX.apply(a)[1]).isEqualTo(Activation.SOFTMAX.apply(b)[1]).isEqualTo(1f);
        assertThat(Scores.logOdds(b, Activation.SOFTMAX, 1)).isGreaterThan(Scores.logOdds(a, Activation.SOFTMAX, 1));
    }

    @Test
    void multiClassSoftmaxScoreIsTheLogOddsOfTheClassProbability() {
        float[] l = {0.5f, -1f, 2f};
        double p = Activation.SOFTMAX.apply(l)[2];
        assertThat(Scores.logOdds(l, Activation.SOFTMAX, 2)).isCloseTo(Math.log(p / (1 - p)), within(1e-6));
    }

    @Test
    void sigmoidAndNoActivationScoreTheLogitItself() {
        float[] l = {0.5f, -1.25f};
        assertThat(Scores.logOdds(l, Activation.SIGMOID, 1)).isEqualTo(-1.25);
        assertThat(Scores.logOdds(l, Activation.NONE, 0)).isEqualTo(0.5);
    }
}
