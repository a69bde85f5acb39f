package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.imaging.GridMapping;
import org.reslens.study.PixelSpacing;

/** Pointing game and mass in mask on small hand-made maps, masks and grids. */
class LocalisationTest {
    /** A 4 x 4 tensor over an 8 x 8 slice, as Resize(bilinear, align_corners=False) maps it: scale 2, offset 0.5. */
    private static final GridMapping HALF = new GridMapping(8, 8, 4, 4, 2, 0.5, 2, 0.5, 0, 0, 0, 0);
    private static final PixelSpacing ONE_MM = new PixelSpacing(1, 1);

    private static Heatmap map(int w, int h, float... v) {
        return new Heatmap(w, h, v, 1, Normalisation.perImage());
    }

    private static LesionMask mask(int w, int h, int... rowCol) {
        boolean[] in = new boolean[w * h];
        for (int i = 0; i < rowCol.length; i += 2) {
            in[rowCol[i] * w + rowCol[i + 1]] = true;
        }
        return new LesionMask(w, h, in);
    }

    private static Heatmap peakAt(int row, int col) {
        float[] v = new float[16];
        v[row * 4 + col] = 1;
        return map(4, 4, v);
    }

    @Test
    void peakIsTheFirstMaximumInRowMajorOrderMappedToTheSlice() {
        float[] v = new float[16];
        v[6] = 1;   // row 1, column 2
        v[9] = 1;   // a later tie loses, as numpy's argmax
        Peak p = Peak.of(map(4, 4, v), HALF);
        assertThat(p.tensorRow()).isEqualTo(1);
        assertThat(p.tensorColumn()).isEqualTo(2);
        assertThat(p.sliceRow()).isEqualTo(2.5);    // 2 * 1 + 0.5
        assertThat(p.sliceColumn()).isEqualTo(4.5); // 2 * 2 + 0.5
    }

    @Test
    void aPeakWithinToleranceAndHalfAPixelOfTheMaskIsAHit() {
        // peak at slice (2.5, 4.5); the only lesion pixel at (2, 7): distance sqrt(0.25 + 6.25)
        Localisation l = Localisation.of(peakAt(1, 2), HALF, mask(8, 8, 2, 7), ONE_MM);
        assertThat(l.distanceMm()).isEqualTo(Math.sqrt(6.5));
        assertThat(l.hit(0)).isFalse();
        assertThat(l.hit(2.05)).isTrue();   // 2.55 <= 2.05 + 0.5
        assertThat(l.hit(2.0)).isFalse();   // 2.55 > 2.5
    }

    @Test
    void aPeakOnALesionPixelIsAHitAtZeroTolerance() {
        Localisation inside = Localisation.of(peakAt(0, 0), GridMapping.identity(4, 4), mask(4, 4, 0, 0), ONE_MM);
        assertThat(inside.distanceMm()).isZero();
        assertThat(inside.hit(0)).isTrue();
    }

    @Test
    void aPeakOnThePixelCornerOfALesionNeedsSomeTolerance() {
        // the peak pixel's centre (2.5, 4.5) is a corner of lesion pixel (2, 4): distance sqrt(0.5) > half a pixel
        Localisation l = Localisation.of(peakAt(1, 2), HALF, mask(8, 8, 2, 4), ONE_MM);
        assertThat(l.distanceMm()).isEqualTo(Math.sqrt(0.5));
        assertThat(l.hit(0)).isFalse();
        assertThat(l.hit(0.25)).isTrue();
    }

    @Test
    void distancesAndTheHalfPixelScaleWithPixelSpacing() {
        Localisation l = Localisation.of(peakAt(0, 0), GridMapping.identity(4, 4), mask(4, 4, 0, 3),
                new PixelSpacing(1, 2));
        assertThat(l.distanceMm()).isEqualTo(6);  // three columns of 2 mm
        assertThat(l.hit(5)).isTrue();            // 6 <= 5 + 1 (half of the larger spacing)
        assertThat(l.hit(4.9)).isFalse();
    }

    @Test
    void anEmptyMaskIsNeverHitAndHoldsNoMass() {
        Localisation l = Localisation.of(peakAt(1, 1), HALF, mask(8, 8), ONE_MM);
        assertThat(l.distanceMm()).isInfinite();
        assertThat(l.hit(1000)).isFalse();
        assertThat(l.massInMask()).isZero();
    }

    @Test
    void massIsTheMapsShareInsideTheMask() {
        // identity grid: the map is sampled at its own pixels; inside: 1 + 0.5, total: 1 + 0.5 + 0.25
        float[] v = new float[16];
        v[0] = 1;
        v[5] = 0.5f;
        v[15] = 0.25f;
        Localisation l = Localisation.of(map(4, 4, v), GridMapping.identity(4, 4), mask(4, 4, 0, 0, 1, 1, 2, 2),
                ONE_MM);
        assertThat(l.massInMask()).isCloseTo(1.5 / 1.75, within(1e-12));
    }

    @Test
    void aUniformMapPutsTheMasksAreaFractionInside() {
        float[] v = new float[16];
        Arrays.fill(v, 0.7f);
        Localisation l = Localisation.of(map(4, 4, v), HALF, mask(8, 8, 0, 0, 0, 1, 7, 7, 4, 4), ONE_MM);
        assertThat(l.massInMask()).isCloseTo(4.0 / 64, within(1e-9));
    }

    @Test
    void massUsesBilinearHalfPixelResizingOntoTheSlice() {
        // 2 x 1 map [0, 1] over a 4 x 1 slice: samples at tensor x = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25,
        // clamped to [0, 1]: values 0, 0.25, 0.75, 1; the mask holds slice column 1
        GridMapping m = new GridMapping(4, 1, 2, 1, 2, 0.5, 1, 0, 0, 0, 0, 0);
        Localisation l = Localisation.of(map(2, 1, 0, 1), m, mask(4, 1, 0, 1), ONE_MM);
        assertThat(l.massInMask()).isCloseTo(0.25 / 2.0, within(1e-12));
    }
}
