package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ViewTransformTest {
    @Test
    void fittedImageFillsTheShorterViewportSideAndIsCentred() {
        ViewTransform t = ViewTransform.of(ViewGeometry.DEFAULT, 200, 100, 1, 800, 800);
        assertThat(t.zoom()).isEqualTo(4.0);
        assertThat(t.screenX(0, 0)).isEqualTo(0.0);
        assertThat(t.screenY(0, 0)).isEqualTo(200.0);
        assertThat(t.screenX(200, 100)).isEqualTo(800.0);
        assertThat(t.screenY(200, 100)).isEqualTo(600.0);
    }

    @Test
    void pixelAspectStretchesRowsSoAnatomyKeepsItsShape() {
        // Rows 2 mm apart, columns 1 mm apart: 100 rows span 200 mm, as much as 200 columns.
        ViewTransform t = ViewTransform.of(ViewGeometry.DEFAULT, 200, 100, 2, 400, 400);
        assertThat(t.screenX(200, 0) - t.screenX(0, 0)).isEqualTo(400.0);
        assertThat(t.screenY(0, 100) - t.screenY(0, 0)).isEqualTo(400.0);
    }

    @Test
    void screenToImageInvertsImageToScreenForEveryRotationAndFlip() {
        for (int turns = 0; turns < 4; turns++) {
            for (boolean fh : new boolean[] {false, true}) {
                ViewGeometry g = new ViewGeometry(false, 2.5, 13, -7, turns, fh, !fh);
                ViewTransform t = ViewTransform.of(g, 64, 48, 1.25, 500, 300);
                double sx = t.screenX(10.5, 20.25);
                double sy = t.screenY(10.5, 20.25);
                assertThat(t.imageX(sx, sy)).isCloseTo(10.5, within(1e-9));
                assertThat(t.imageY(sx, sy)).isCloseTo(20.25, within(1e-9));
            }
        }
    }

    @Test
    void aClockwiseQuarterTurnPutsTheImageTopAtTheRight() {
        ViewTransform t = ViewTransform.of(new ViewGeometry(false, 1, 0, 0, 1, false, false), 100, 100, 1, 100, 100);
        // The middle of the image's top edge ends up in the middle of the viewport's right edge.
        assertThat(t.screenX(50, 0)).isCloseTo(100, within(1e-9));
        assertThat(t.screenY(50, 0)).isCloseTo(50, within(1e-9));
    }

    @Test
    void rotatingAFlippedImageClockwiseStillTurnsItClockwiseOnScreen() {
        ViewGeometry flipped = ViewGeometry.DEFAULT.flippedHorizontally();
        ViewTransform t = ViewTransform.of(new ViewGeometry(false, 1, 0, 0, 0, false, false).flippedHorizontally()
                .rotated(1), 100, 100, 1, 100, 100);
        // Flipped: image top-left shows at the top right; a clockwise turn moves that corner to the bottom right.
        assertThat(t.screenX(0, 0)).isCloseTo(100, within(1e-9));
        assertThat(t.screenY(0, 0)).isCloseTo(100, within(1e-9));
        assertThat(flipped.rotated(1).quarterTurns()).isEqualTo(3);
    }
}
