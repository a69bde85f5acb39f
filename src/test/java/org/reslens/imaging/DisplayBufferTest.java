package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pure buffer operations. Resizing is compared with PyTorch (bilinear, align_corners=False; nearest-exact) and with
 * fractional-coverage averages computed by numpy on the common refinement grid (src/test/resources/imaging/resize);
 * our output is rounded to 8 bits, so it may differ from the real-valued reference by at most one half.
 */
class DisplayBufferTest {
    private static final Path RESIZE = Fixtures.IMAGING.resolve("resize");

    private static GrayBuffer gray(int w, int h, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return new GrayBuffer(w, h, b);
    }

    private static int[] values(GrayBuffer g) {
        int[] out = new int[g.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.pixels()[i] & 0xFF;
        }
        return out;
    }

    @Test
    void rotatesByQuarterTurnsClockwise() {
        GrayBuffer g = gray(3, 2, 1, 2, 3, 4, 5, 6);
        GrayBuffer cw = g.rotate90(1);
        assertThat(cw.width()).isEqualTo(2);
        assertThat(values(cw)).containsExactly(4, 1, 5, 2, 6, 3);
        assertThat(values(g.rotate90(2))).containsExactly(6, 5, 4, 3, 2, 1);
        assertThat(values(g.rotate90(-1))).containsExactly(3, 6, 2, 5, 1, 4);
        assertThat(g.rotate90(4)).isEqualTo(g);
        assertThat(values(g)).containsExactly(1, 2, 3, 4, 5, 6);      // untouched
    }

    @Test
    void flipsAndInverts() {
        GrayBuffer g = gray(3, 2, 1, 2, 3, 4, 5, 6);
        assertThat(values(g.flipHorizontal())).containsExactly(3, 2, 1, 6, 5, 4);
        assertThat(values(g.flipVertical())).containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(values(g.invert())).containsExactly(254, 253, 252, 251, 250, 249);
    }

    @Test
    void argbOperationsMoveWholePixelsAndInvertKeepsAlpha() {
        ArgbBuffer a = new ArgbBuffer(2, 1, new int[] {0x80102030, 0xFF405060});
        assertThat(a.flipHorizontal().pixels()).containsExactly(0xFF405060, 0x80102030);
        assertThat(a.rotate90(1).pixels()).containsExactly(0x80102030, 0xFF405060);
        assertThat(a.rotate90(1).width()).isEqualTo(1);
        assertThat(a.invert().pixels()).containsExactly(0x80EFDFCF, 0xFFBFAF9F);
        assertThat(gray(1, 1, 7).toArgb().pixels()).containsExactly(0xFF070707);
    }

    @Test
    void bilinearUsesHalfPixelCentresClampedAtTheEdges() {
        // 2 -> 4: source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (beyond the last: the last)
        assertThat(values(gray(2, 1, 0, 100).resize(4, 1, Interpolation.BILINEAR))).containsExactly(0, 25, 75, 100);
    }

    @Test
    void nearestTakesThePixelTheOutputCentreFallsIn() {
        assertThat(values(gray(4, 1, 10, 20, 30, 40).resize(2, 1, Interpolation.NEAREST))).containsExactly(20, 40);
    }

    @Test
    void areaAveragesTheCoveredFractions() {
        // 4 -> 3: outputs cover [0,4/3), [4/3,8/3), [8/3,4): (0 + 30/3)*3/4 = 7.5, (30*2/3 + 60*2/3)*3/4 = 45,
        // (60/3 + 90)*3/4 = 82.5
        assertThat(values(gray(4, 1, 0, 30, 60, 90).resize(3, 1, Interpolation.AREA))).containsExactly(8, 45, 83);
    }

    @Test
    void argbResizesEachChannel() {
        ArgbBuffer a = new ArgbBuffer(2, 1, new int[] {0xFF000000, 0xFF64C8FF});
        assertThat(a.resize(4, 1, Interpolation.BILINEAR).pixels())
                .containsExactly(0xFF000000, 0xFF193240, 0xFF4B96BF, 0xFF64C8FF);
    }

    @Test
    void sizesAreValidated() {
        assertThatThrownBy(() -> gray(2, 1, 0, 1).resize(0, 1, Interpolation.AREA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrayBuffer(2, 2, new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    record Case(String name, Interpolation mode, int height, int width, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws Exception {
        JsonNode root = new ObjectMapper().readTree(RESIZE.resolve("cases.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            out.add(new Case(c.get("name").asText(), Interpolation.valueOf(c.get("mode").asText()),
                    c.get("height").asInt(), c.get("width").asInt(), RESIZE.resolve(c.get("expected").asText())));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resizeMatchesTheReferenceWithinRounding(Case c) throws Exception {
        byte[] raw = Files.readAllBytes(RESIZE.resolve("gray37x53.raw"));
        GrayBuffer src = new GrayBuffer(53, 37, raw);
        GrayBuffer out = src.resize(c.width(), c.height(), c.mode());
        float[] expected = Fixtures.npyFloats(c.expected());
        assertThat(out.pixels()).hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((out.pixels()[i] & 0xFF) - expected[i]));
        }
        assertThat(worst).isLessThanOrEqualTo(0.5 + 1e-3);
        // ARGB goes through the same arithmetic per channel.
        ArgbBuffer argb = src.toArgb().resize(c.width(), c.height(), c.mode());
        for (int i = 0; i < expected.length; i++) {
            assertThat(argb.pixels()[i]).isEqualTo(ArgbBuffer.gray(out.pixels()[i] & 0xFF));
        }
    }
}
