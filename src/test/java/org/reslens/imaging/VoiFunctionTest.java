package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Window functions against values worked out by hand from PS3.3 C.11.2.1.2 / C.11.2.1.3 for the classic CT window
 * c=40 w=400 into 0..255. LINEAR's edges are c - 0.5 -/+ (w-1)/2 = -160 and 239; LINEAR_EXACT's c -/+ w/2 = -160
 * and 240.
 */
class VoiFunctionTest {
    private static final double EPS = 1e-9;

    private static double linear(double x) {
        return VoiFunction.LINEAR.apply(x, 40, 400, 0, 255);
    }

    private static double exact(double x) {
        return VoiFunction.LINEAR_EXACT.apply(x, 40, 400, 0, 255);
    }

    private static double sigmoid(double x) {
        return VoiFunction.SIGMOID.apply(x, 40, 400, 0, 255);
    }

    @Test
    void linearIsBlackUpToItsLowerEdgeAtCenterMinusHalfMinusHalfWidthMinusOne() {
        assertThat(linear(-1000)).isEqualTo(0);
        assertThat(linear(-160)).isEqualTo(0);                      // x <= c - 0.5 - (w-1)/2
        // ((-159.5 - 39.5) / 399 + 0.5) * 255 = (0.5 - 199/399) * 255
        assertThat(linear(-159.5)).isCloseTo(0.3195488721804582, within(EPS));
        assertThat(linear(-159)).isCloseTo(0.6390977443609023, within(EPS));
    }

    @Test
    void linearReachesWhiteAtItsUpperEdge() {
        assertThat(linear(239)).isCloseTo(255, within(EPS));       // ((239-39.5)/399 + 0.5) * 255
        assertThat(linear(239.5)).isEqualTo(255);                   // x > c - 0.5 + (w-1)/2
        assertThat(linear(3000)).isEqualTo(255);
    }

    @Test
    void linearMapsCenterMinusHalfToMidGrayNotTheCenter() {
        assertThat(linear(39.5)).isCloseTo(127.5, within(EPS));
        assertThat(linear(40)).isCloseTo(127.81954887218045, within(EPS)); // (0.5/399 + 0.5) * 255
    }

    @Test
    void linearWidthOneIsAThresholdBetweenCenterMinusOneAndCenter() {
        assertThat(VoiFunction.LINEAR.apply(99, 100, 1, 0, 255)).isEqualTo(0);
        assertThat(VoiFunction.LINEAR.apply(99.5, 100, 1, 0, 255)).isEqualTo(0);
        assertThat(VoiFunction.LINEAR.apply(99.6, 100, 1, 0, 255)).isEqualTo(255);
        assertThat(VoiFunction.LINEAR.apply(100, 100, 1, 0, 255)).isEqualTo(255);
    }

    @Test
    void linearExactUsesCenterPlusMinusHalfWidth() {
        assertThat(exact(-160)).isEqualTo(0);
        assertThat(exact(-159)).isCloseTo(0.6375, within(EPS));     // ((-199)/400 + 0.5) * 255
        assertThat(exact(0)).isCloseTo(102, within(EPS));           // (-0.1 + 0.5) * 255
        assertThat(exact(40)).isCloseTo(127.5, within(EPS));
        assertThat(exact(240)).isCloseTo(255, within(EPS));
        assertThat(exact(240.001)).isEqualTo(255);
    }

    @Test
    void linearExactAcceptsWidthsBelowOne() {
        assertThat(VoiFunction.LINEAR_EXACT.apply(99.75, 100, 0.5, 0, 255)).isEqualTo(0);
        assertThat(VoiFunction.LINEAR_EXACT.apply(100, 100, 0.5, 0, 255)).isCloseTo(127.5, within(EPS));
        assertThat(VoiFunction.LINEAR_EXACT.apply(100.25, 100, 0.5, 0, 255)).isCloseTo(255, within(EPS));
    }

    @Test
    void sigmoidIsTheLogisticThroughTheCenter() {
        assertThat(sigmoid(40)).isCloseTo(127.5, within(EPS));
        assertThat(sigmoid(240)).isCloseTo(224.60325488436, within(1e-9));   // 255 / (1 + e^-2)
        assertThat(sigmoid(-160)).isCloseTo(30.396745115639977, within(1e-9)); // 255 / (1 + e^2)
        assertThat(sigmoid(100)).isCloseTo(164.64235808757783, within(1e-9));  // 255 / (1 + e^-0.6)
    }

    @Test
    void outputRangeIsHonoured() {
        assertThat(VoiFunction.LINEAR.apply(-1000, 40, 400, 10, 20)).isEqualTo(10);
        assertThat(VoiFunction.LINEAR_EXACT.apply(40, 40, 400, 10, 20)).isCloseTo(15, within(EPS));
        assertThat(VoiFunction.SIGMOID.apply(40, 40, 400, -1, 1)).isCloseTo(0, within(EPS));
    }

    @Test
    void widthsFollowTheFunctionsRules() {
        assertThat(VoiFunction.LINEAR.acceptsWidth(1)).isTrue();
        assertThat(VoiFunction.LINEAR.acceptsWidth(0.99)).isFalse();
        assertThat(VoiFunction.LINEAR_EXACT.acceptsWidth(0.01)).isTrue();
        assertThat(VoiFunction.LINEAR_EXACT.acceptsWidth(0)).isFalse();
        assertThat(VoiFunction.SIGMOID.acceptsWidth(-1)).isFalse();
        assertThatThrownBy(() -> new VoiLut.Window(40, 0.5, VoiFunction.LINEAR, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new VoiLut.Window(40, 0.5, VoiFunction.LINEAR_EXACT, "").width()).isEqualTo(0.5);
    }

    @Test
    void termsParseWithLinearAsDefault() {
        assertThat(VoiFunction.ofTerm(null)).isEqualTo(VoiFunction.LINEAR);
        assertThat(VoiFunction.ofTerm("SIGMOID ")).isEqualTo(VoiFunction.SIGMOID);
        assertThat(VoiFunction.ofTerm("LINEAR_EXACT")).isEqualTo(VoiFunction.LINEAR_EXACT);
        assertThat(VoiFunction.ofTerm("BOGUS")).isEqualTo(VoiFunction.LINEAR);
    }
}
