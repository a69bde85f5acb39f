package org.reslens.ui.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.ModalityLut;
import org.reslens.study.PixelSpacing;
import org.reslens.ui.Fixtures;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.viewport.ViewportViewModel;

class MeasurementsTest {
    /** 4x4 frame, stored value = 10 * row + column, rescaled to HU by slope 2, intercept -100. */
    private static final PixelFrame FRAME = new PixelFrame(4, 4, 1, Photometric.MONOCHROME2, 12, false, null,
            new short[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33}, null);
    private static final ModalityLut HU = new ModalityLut.Rescale(2, -100, "HU");

    @Test
    void rectangleStatisticsCoverThePixelsWhoseCentresLieInside() {
        // Columns 1..2, rows 1..2: stored 11, 12, 21, 22 -> HU -78, -76, -58, -56.
        RoiStatistics s = RoiStatistics.of(FRAME, HU, new PixelSpacing(0.5, 0.25), "HU", 1, 1, 3, 3, false);
        assertThat(s.pixels()).isEqualTo(4);
        assertThat(s.mean()).isEqualTo(-67.0);
        assertThat(s.min()).isEqualTo(-78.0);
        assertThat(s.max()).isEqualTo(-56.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt((121 + 81 + 81 + 121) / 3.0), within(1e-9));
        assertThat(s.area()).isCloseTo(2 * 2 * 0.5 * 0.25, within(1e-12));
        assertThat(s.areaInMm()).isTrue();
        assertThat(s.describe()).contains("Mean -67.0 HU", "Min -78.0", "Max -56.0", "mm\u00b2", "n=4");
    }

    @Test
    void ellipseLeavesOutTheCornersOfItsBox() {
        RoiStatistics box = RoiStatistics.of(FRAME, HU, null, "HU", 0, 0, 4, 4, false);
        RoiStatistics ellipse = RoiStatistics.of(FRAME, HU, null, "HU", 0, 0, 4, 4, true);
        assertThat(box.pixels()).isEqualTo(16);
        assertThat(ellipse.pixels()).isEqualTo(12);
        assertThat(ellipse.area()).isCloseTo(Math.PI * 4, within(1e-9));
        assertThat(ellipse.areaInMm()).isFalse();
    }

    @Test
    void distancesUseEachAxissOwnSpacing() {
        assertThat(MeasurementsViewModel.distanceLabel(0, 0, 30, 40, new PixelSpacing(2, 1))).isEqualTo("85.4 mm");
        assertThat(MeasurementsViewModel.distanceLabel(0, 0, 300, 400, new PixelSpacing(1, 1))).isEqualTo("50.0 cm");
        assertThat(MeasurementsViewModel.distanceLabel(0, 0, 3, 4, null)).isEqualTo("5.0 px");
    }

    @Test
    void ctValuesAreHounsfieldEvenWhenTheFileDoesNotSaySo() {
        assertThat(MeasurementsViewModel.unit(ModalityLut.identity(), "CT")).isEqualTo("HU");
        assertThat(MeasurementsViewModel.unit(ModalityLut.identity(), "MR")).isEmpty();
    }

    @Test
    void measurementsBelongToTheirSliceAndComeBackWithIt() {
        FrameStore store = new FrameStore(16L << 20);
        ViewportViewModel vp = new ViewportViewModel(new ViewportViewModel.Services(store, Fixtures.DIRECT,
                Fixtures.DIRECT, Fixtures.DIRECT, 1));
        MeasurementsViewModel m = new MeasurementsViewModel(vp);
        vp.open(Fixtures.firstStack(Fixtures.SHUFFLED), 1);
        m.begin(MeasurementsViewModel.Shape.DISTANCE, 0, 0);
        assertThat(m.draftProperty().get()).isNotNull();
        m.drag(4, 3);
        Measurement d = m.finish(6, 8).orElseThrow();
        assertThat(d.label()).isEqualTo("5.0 mm");
        m.begin(MeasurementsViewModel.Shape.RECTANGLE, 0, 0);
        Measurement r = m.finish(2, 1).orElseThrow();
        // Slice 2 (seed 12): stored (12 * 37 + 3 i) % 4096 = 444 + 3 i for pixels 0 and 1 -> HU -580, -577.
        assertThat(((Measurement.Rectangle) r).stats().mean()).isEqualTo(-578.5);
        assertThat(m.current()).hasSize(2);
        vp.scrollBy(1);
        assertThat(m.current()).isEmpty();
        vp.scrollBy(-1);
        assertThat(m.current()).containsExactly(d, r);
        assertThat(m.finish(1, 1)).isEmpty();
        m.begin(MeasurementsViewModel.Shape.ELLIPSE, 2, 2);
        assertThat(m.finish(2.2, 2.1)).as("a click is not a shape").isEmpty();
        m.delete(d);
        assertThat(m.current()).containsExactly(r);
    }
}
