package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/**
 * The automatic window: 0.5th and 99.5th percentiles (numpy linear) of the modality values, padding excluded. For the
 * values 0..999, numpy.percentile gives 4.995 and 994.005.
 */
class AutoWindowTest {

    private static int[] range(int from, int count) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = from + i;
        }
        return v;
    }

    @Test
    void windowSpansTheHalfPercentTails() {
        PixelFrame f = Fixtures.frame16(40, 25, 16, true, range(0, 1000));
        VoiLut.Window w = AutoWindow.compute(f, ModalityLut.identity(), Optional.empty());
        assertThat(w.function()).isEqualTo(VoiFunction.LINEAR_EXACT);
        assertThat(w.center()).isCloseTo(499.5, within(1e-9));
        assertThat(w.width()).isCloseTo(989.01, within(1e-9));
        assertThat(w.explanation()).isEqualTo(AutoWindow.EXPLANATION);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.identity(), w, false);
        assertThat(lut.displayValue(4)).isZero();
        assertThat(lut.displayValue(500)).isEqualTo(128);
        assertThat(lut.displayValue(995)).isEqualTo(255);
    }

    @Test
    void windowIsInModalityUnits() {
        PixelFrame f = Fixtures.frame16(40, 25, 16, true, range(0, 1000));
        VoiLut.Window w = AutoWindow.compute(f, ModalityLut.rescale(2, -10), Optional.empty());
        assertThat(w.center()).isCloseTo(2 * 499.5 - 10, within(1e-9));
        assertThat(w.width()).isCloseTo(2 * 989.01, within(1e-9));
    }

    @Test
    void paddingPixelsTakeNoPart() {
        int[] values = new int[1200];
        System.arraycopy(range(0, 1000), 0, values, 0, 1000);
        java.util.Arrays.fill(values, 1000, 1200, -2000);
        PixelFrame f = Fixtures.frame16(40, 30, 16, true, values);
        VoiLut.Window padded = AutoWindow.compute(f, ModalityLut.identity(),
                Optional.of(new PixelPadding(-2000, -2000)));
        assertThat(padded.center()).isCloseTo(499.5, within(1e-9));
        assertThat(padded.width()).isCloseTo(989.01, within(1e-9));
        VoiLut.Window notExcluded = AutoWindow.compute(f, ModalityLut.identity(), Optional.empty());
        assertThat(notExcluded.center()).isLessThan(0);
    }

    @Test
    void flatImagesGetWidthOne() {
        PixelFrame f = Fixtures.frame16(4, 4, 16, false, 7);
        VoiLut.Window w = AutoWindow.compute(f, ModalityLut.identity(), Optional.empty());
        assertThat(w.center()).isEqualTo(7);
        assertThat(w.width()).isEqualTo(1);
    }

    @Test
    void anAllPaddingImageFallsBackToAllPixels() {
        PixelFrame f = Fixtures.frame16(2, 2, 16, false, 0);
        VoiLut.Window w = AutoWindow.compute(f, ModalityLut.identity(), Optional.of(new PixelPadding(0, 0)));
        assertThat(w.center()).isEqualTo(0);
    }

    @Test
    void thirtyTwoBitFramesAreSupported() {
        int[] v = range(0, 1000);
        PixelFrame f = new PixelFrame(40, 25, 1, Photometric.MONOCHROME2, 32, true, null, null, v);
        VoiLut.Window w = AutoWindow.compute(f, ModalityLut.identity(), Optional.empty());
        assertThat(w.center()).isCloseTo(499.5, within(1e-9));
    }

    @Test
    void renderPlanFallsBackToTheAutomaticWindow() throws Exception {
        PixelFrame f = Fixtures.frame16(40, 25, 16, true, range(0, 1000));
        ImageTransforms t = new ImageTransforms(Photometric.MONOCHROME2, 16, true, ModalityLut.identity(), List.of(),
                PresentationLutShape.IDENTITY, Optional.empty(), Optional.empty(), List.of());
        RenderPlan.Grayscale plan = (RenderPlan.Grayscale) RenderPlan.resolve(t, f, ViewOverrides.NONE);
        assertThat(plan.lut().voi().explanation()).isEqualTo(AutoWindow.EXPLANATION);
    }

    @Test
    void percentilesFollowNumpyLinear() {
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 100]) = [1, 1.75, 2.5, 4];
        // numpy.percentile([1, 1, 1, 10], 90) = 7.3 (the upper half of numpy's two-sided lerp)
        Distribution d = Distribution.of(new double[] {4, 2, 3, 1}, new long[] {1, 1, 1, 1}, 4);
        assertThat(d.percentile(0)).isEqualTo(1);
        assertThat(d.percentile(25)).isEqualTo(1.75);
        assertThat(d.percentile(50)).isEqualTo(2.5);
        assertThat(d.percentile(100)).isEqualTo(4);
        Distribution dup = Distribution.of(new double[] {1, 10}, new long[] {3, 1}, 2);
        assertThat(dup.percentile(90)).isCloseTo(7.3, within(1e-12));
        assertThat(dup.mean()).isEqualTo(3.25);
        assertThat(dup.std()).isCloseTo(Math.sqrt((3 * 2.25 * 2.25 + 6.75 * 6.75) / 4), within(1e-12));
    }
}
