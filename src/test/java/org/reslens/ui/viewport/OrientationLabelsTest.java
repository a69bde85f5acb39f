package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reslens.study.Orientation;
import org.reslens.study.PixelSpacing;
import org.reslens.study.Vector3;

class OrientationLabelsTest {
    private static final Orientation AXIAL = new Orientation(new Vector3(1, 0, 0), new Vector3(0, 1, 0));
    private static final Orientation SAGITTAL = new Orientation(new Vector3(0, 1, 0), new Vector3(0, 0, -1));
    private static final PixelSpacing MM = new PixelSpacing(1, 1);

    private static OrientationLabels labels(Orientation o, ViewGeometry g) {
        return OrientationLabels.of(o, MM, ViewTransform.of(g, 100, 100, 1, 400, 400));
    }

    @Test
    void axialSliceShowsAnteriorTopAndPatientLeftOnTheRight() {
        assertThat(labels(AXIAL, ViewGeometry.DEFAULT)).isEqualTo(new OrientationLabels("A", "P", "R", "L"));
    }

    @Test
    void sagittalSliceShowsHeadTopAndPosteriorOnTheRight() {
        assertThat(labels(SAGITTAL, ViewGeometry.DEFAULT)).isEqualTo(new OrientationLabels("H", "F", "A", "P"));
    }

    @Test
    void lettersFollowRotationAndFlip() {
        ViewGeometry rotated = ViewGeometry.DEFAULT.rotated(1);
        assertThat(labels(AXIAL, rotated)).isEqualTo(new OrientationLabels("R", "L", "P", "A"));
        assertThat(labels(AXIAL, ViewGeometry.DEFAULT.flippedHorizontally()))
                .isEqualTo(new OrientationLabels("A", "P", "L", "R"));
    }

    @Test
    void obliqueDirectionsGetTheirStrongestComponentsFirst() {
        assertThat(OrientationLabels.label(0.2, -0.9, 0.4)).isEqualTo("AH");
        assertThat(OrientationLabels.label(0.05, 0, 1)).isEqualTo("H");
    }

    @Test
    void noOrientationNoLetters() {
        assertThat(OrientationLabels.of(null, MM, ViewTransform.of(ViewGeometry.DEFAULT, 1, 1, 1, 1, 1)))
                .isEqualTo(OrientationLabels.NONE);
    }
}
