package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** AUC and sensitivity at specificity against values worked out by hand (and by train.py on the same numbers). */
class MetricsTest {
    @Test
    void aucCountsATiedPairAsOneHalf() {
        // pairs: 0.9 beats both negatives (2), each 0.5 ties the 0.5 (2 x 0.5) and beats the 0.1 (2): 5 of 6
        assertThat(Metrics.rocAuc(new double[] {0.9, 0.5, 0.5}, new double[] {0.5, 0.1})).isEqualTo(5.0 / 6);
    }

    @Test
    void aucIsOneHalfWhenEveryScoreTies() {
        assertThat(Metrics.rocAuc(new double[] {1, 1}, new double[] {1, 1, 1})).isEqualTo(0.5);
    }

    @Test
    void aucIsOneForPerfectSeparationAndZeroForPerfectInversion() {
        assertThat(Metrics.rocAuc(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(Metrics.rocAuc(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
    }

    @Test
    void aucDoesNotDependOnTheOrderOfTheScores() {
        double a = Metrics.rocAuc(new double[] {0.2, 0.8, 0.5, 0.5}, new double[] {0.5, 0.1, 0.7});
        double b = Metrics.rocAuc(new double[] {0.5, 0.5, 0.8, 0.2}, new double[] {0.7, 0.5, 0.1});
        // 0.2: beats 0.1 (1); 0.8: beats all (3); each 0.5: ties 0.5, beats 0.1 (1.5 each): 7 of 12
        assertThat(a).isEqualTo(b).isEqualTo(7.0 / 12);
    }

    @Test
    void aucIsUndefinedWithoutBothClasses() {
        assertThat(Metrics.rocAuc(new double[0], new double[] {1})).isNaN();
        assertThat(Metrics.rocAuc(new double[] {1}, new double[0])).isNaN();
    }

    @Test
    void sensitivityCountsPositivesStrictlyAboveTheNinetiethPercentileNegative() {
        double[] neg = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};  // sorted index ceil(0.9 * 10) - 1 = 8: threshold 9
        Metrics.OperatingPoint op = Metrics.atSpecificity(new double[] {9, 9.5, 10, 11, 3}, neg, 0.9);
        assertThat(op.threshold()).isEqualTo(9);
        assertThat(op.negativeIndex()).isEqualTo(8);
        assertThat(op.sensitivity()).isEqualTo(0.6);  // 9.5, 10 and 11; a positive equal to it does not count
        assertThat(op.specificity()).isEqualTo(0.9);
    }

    @Test
    void tiedNegativesAtTheThresholdRaiseTheSpecificityActuallyReached() {
        double[] neg = new double[20];
        neg[18] = 1;
        neg[19] = 1;  // 18 zeros: index ceil(18) - 1 = 17 is a zero
        Metrics.OperatingPoint op = Metrics.atSpecificity(new double[] {0, 0.5, 1}, neg, 0.9);
        assertThat(op.threshold()).isZero();
        assertThat(op.sensitivity()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(op.specificity()).isEqualTo(0.9);
    }

    @Test
    void withFewNegativesTheThresholdIsTheHighestNegative() {
        // ceil(0.9 * 3) - 1 = 2: the largest of three negatives
        Metrics.OperatingPoint op = Metrics.atSpecificity(new double[] {3, 3.5}, new double[] {1, 2, 3}, 0.9);
        assertThat(op.threshold()).isEqualTo(3);
        assertThat(op.sensitivity()).isEqualTo(0.5);
    }

    @Test
    void sensitivityIsUndefinedWithoutBothClasses() {
        Metrics.OperatingPoint op = Metrics.atSpecificity(new double[0], new double[] {1, 2}, 0.9);
        assertThat(op.sensitivity()).isNaN();
        assertThat(op.negativeIndex()).isEqualTo(-1);
    }
}
