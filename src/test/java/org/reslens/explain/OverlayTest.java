package org.reslens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.GrayBuffer;
import org.reslens.imaging.GridMapping;

/** Heatmaps drawn back onto the slice's own pixel grid, colour maps, opacity and the probability threshold. */
class OverlayTest {
    private static final OverlayStyle OPAQUE = new OverlayStyle(ColourMap.INFERNO, 1, 0.5, 0);

    /** A 4x2 heatmap that is 0 in the left half and 1 in the right half. */
    private static Heatmap halves() {
        return new Heatmap(4, 2, new float[] {0, 0, 1, 1, 0, 0, 1, 1}, 1, Normalisation.perImage());
    }

    @Test
    void colourTablesMatchMatplotlibsEndpoints() {
        assertThat(ColourMap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(ColourMap.VIRIDIS.rgb(1)).isEqualTo(0xFDE725);
        assertThat(ColourMap.INFERNO.rgb(0)).isEqualTo(0x000004);
        assertThat(ColourMap.INFERNO.rgb(1)).isEqualTo(0xFCFFA4);
        assertThat(ColourMap.JET.rgb(0)).isEqualTo(0x000080);
        assertThat(ColourMap.JET.rgb(1)).isEqualTo(0x800000);
        assertThat(ColourMap.JET.rgb(Double.NaN)).isEqualTo(0x000080);
        for (ColourMap m : ColourMap.values()) {
            assertThat(m.table()).hasSize(256);
            assertThat(ColourMap.ofTerm(m.term().toUpperCase())).isSameAs(m);
        }
    }

    @Test
    void belowTheProbabilityThresholdNoMapIsDrawn() {
        GridMapping id = GridMapping.identity(4, 2);
        assertThat(Overlay.render(halves(), 0.49, id, OPAQUE)).isEmpty();
        assertThat(Overlay.render(halves(), 0.5, id, OPAQUE)).isPresent();
    }

    @Test
    void onTheTensorGridEachPixelTakesItsOwnValueAndTheOpacityIsTheAlpha() {
        ArgbBuffer o = Overlay.render(halves(), 0.9, GridMapping.identity(4, 2), OPAQUE.withOpacity(0.5)).orElseThrow();
        assertThat(o.argb(0, 0)).isEqualTo(0x80000000 | ColourMap.INFERNO.rgb(0));
        assertThat(o.argb(3, 1)).isEqualTo(0x80000000 | ColourMap.INFERNO.rgb(1));
    }

    @Test
    void aStretchedSliceGetsTheMapAtItsOwnResolution() {
        // an 8x4 slice that was resized to the 4x2 tensor (half-pixel): scale 2, offset 0.5
        GridMapping m = new GridMapping(8, 4, 4, 2, 2, 0.5, 2, 0.5, 0, 0, 0, 0);
        ArgbBuffer o = Overlay.render(halves(), 1, m, OPAQUE).orElseThrow();
        assertThat(o.width()).isEqualTo(8);
        assertThat(o.height()).isEqualTo(4);
        // slice x -> tensor x = (x - 0.5) / 2: 0 -> -0.25 (edge, value 0) ... 3 -> 1.25 (0.25 of the way to 1)
        assertThat(o.argb(0, 0) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(0));
        assertThat(o.argb(3, 2) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(0.25));
        assertThat(o.argb(4, 2) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(0.75));
        assertThat(o.argb(7, 3) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(1));
    }

    @Test
    void aPaddedSliceMapsThroughThePadding() {
        // a 2x4 (w x h) slice padded by 1 column left and right to 4x4, then resized to a 4x2 tensor... keep it
        // 1:1 vertically: tensor 4x4, scale 1, offset -padLeft
        Heatmap h = new Heatmap(4, 4, new float[] {0, 0.2f, 0.8f, 1, 0, 0.2f, 0.8f, 1, 0, 0.2f, 0.8f, 1,
                0, 0.2f, 0.8f, 1}, 1, Normalisation.perImage());
        GridMapping m = new GridMapping(2, 4, 4, 4, 1, -1, 1, 0, 1, 0, 1, 0);
        ArgbBuffer o = Overlay.render(h, 1, m, OPAQUE).orElseThrow();
        assertThat(o.width()).isEqualTo(2);
        assertThat(o.argb(0, 0) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(0.2));
        assertThat(o.argb(1, 3) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(0.8));
    }

    @Test
    void valuesUnderTheFloorStayTransparent() {
        ArgbBuffer o = Overlay.render(halves(), 1, GridMapping.identity(4, 2), OPAQUE.withValueFloor(0.5))
                .orElseThrow();
        assertThat(o.argb(0, 0)).isZero();
        assertThat(o.argb(3, 0) >>> 24).isEqualTo(255);
    }

    @Test
    void blendingMixesColourOverGrayByAlpha() {
        GrayBuffer slice = new GrayBuffer(2, 1, new byte[] {(byte) 200, (byte) 200});
        ArgbBuffer over = new ArgbBuffer(2, 1, new int[] {0, 0x80FF0000});
        ArgbBuffer b = Overlay.blend(slice, over);
        assertThat(b.argb(0, 0)).isEqualTo(0xFFC8C8C8);
        // 200 * 127/255 + 255 * 128/255 = 227.6 -> 228 red; 200 * 127 / 255 = 99.6 -> 100 green and blue
        assertThat(b.argb(1, 0)).isEqualTo(0xFFE46464);
    }

    @Test
    void aHeatmapFromAnotherGridIsRefused() {
        assertThatThrownBy(() -> Overlay.render(halves(), 1, GridMapping.identity(8, 8), OPAQUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void styleValuesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> OPAQUE.withOpacity(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OPAQUE.withProbabilityThreshold(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of(OverlayStyle.defaults().colourMap())).contains(ColourMap.INFERNO);
    }

    @Test
    void theColourBarRunsFromLowToHigh() {
        ArgbBuffer bar = ColourMap.VIRIDIS.bar(256, 3, false);
        assertThat(bar.argb(0, 1)).isEqualTo(0xFF000000 | ColourMap.VIRIDIS.rgb(0));
        assertThat(bar.argb(255, 1)).isEqualTo(0xFF000000 | ColourMap.VIRIDIS.rgb(1));
        ArgbBuffer vertical = ColourMap.VIRIDIS.bar(2, 10, true);
        assertThat(vertical.argb(0, 0)).isEqualTo(0xFF000000 | ColourMap.VIRIDIS.rgb(1));
        assertThat(vertical.argb(0, 9)).isEqualTo(0xFF000000 | ColourMap.VIRIDIS.rgb(0));
    }
}
