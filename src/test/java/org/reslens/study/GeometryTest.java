package org.reslens.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Orientation, planes and time values as the plane module and TM/DA write them. */
class GeometryTest {
    @Test
    void theNormalIsRowCrossColumn() {
        Orientation axial = Orientation.of(new double[] {1, 0, 0, 0, 1, 0});
        assertThat(axial.normal()).isEqualTo(new Vector3(0, 0, 1));
        assertThat(axial.plane()).isEqualTo(Orientation.Plane.AXIAL);
        assertThat(Orientation.of(new double[] {0, 1, 0, 0, 0, -1}).plane()).isEqualTo(Orientation.Plane.SAGITTAL);
        assertThat(Orientation.of(new double[] {1, 0, 0, 0, 0, -1}).plane()).isEqualTo(Orientation.Plane.CORONAL);
        double c = Math.cos(Math.toRadians(45));
        assertThat(Orientation.of(new double[] {1, 0, 0, 0, c, -c}).plane()).isEqualTo(Orientation.Plane.OBLIQUE);
    }

    @Test
    void cosinesWrittenWithFewDecimalsAreNormalisedAndMatchWithinTheTolerance() {
        Orientation a = Orientation.of(new double[] {1, 0, 0, 0, 0.965926, -0.258819});
        Orientation b = Orientation.of(new double[] {1, 0, 0, 0, 0.9659, -0.2588});
        assertThat(a.column().length()).isCloseTo(1, within(1e-12));
        assertThat(a.matches(b, 1e-3)).isTrue();
        assertThat(a.matches(Orientation.of(new double[] {1, 0, 0, 0, 1, 0}), 1e-3)).isFalse();
    }

    @Test
    void cosinesThatDescribeNoPlaneAreNoOrientation() {
        assertThat(Orientation.of(new double[] {0, 0, 0, 0, 0, 0})).isNull();
        assertThat(Orientation.of(new double[] {1, 0, 0, 1, 0, 0})).isNull(); // parallel
        assertThat(Orientation.of(new double[] {1, 0, 0, 0, 1})).isNull();
        assertThat(Orientation.of(new double[] {Double.NaN, 0, 0, 0, 1, 0})).isNull();
        assertThatThrownBy(() -> new Orientation(new Vector3(2, 0, 0), new Vector3(0, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueRecordsRejectWhatCannotBeRight() {
        assertThatThrownBy(() -> new VoiWindow(40, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PixelSpacing(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rescale(Double.NaN, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PixelSpacing.of(new double[] {0.5, -1})).isNull();
    }

    @Test
    void timesParseInTheStandardAndTheOldColonForm() {
        assertThat(DicomTime.timeOfDay("120003")).isEqualTo(43203.0);
        assertThat(DicomTime.timeOfDay("120002.5")).isEqualTo(43202.5);
        assertThat(DicomTime.timeOfDay("12")).isEqualTo(43200.0);
        assertThat(DicomTime.timeOfDay("12:00:01")).isEqualTo(43201.0);
        assertThat(DicomTime.timeOfDay("1200x1")).isNull();
        assertThat(DicomTime.timeOfDay("250000")).isNull();
        assertThat(DicomTime.seconds("20260102", "000000") - DicomTime.seconds("20260101", "235959")).isEqualTo(1.0);
    }
}
