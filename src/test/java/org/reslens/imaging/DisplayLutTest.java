package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/**
 * The precomputed stored-to-display LUT, against values worked out by hand for the CT window c=40 w=400 (LINEAR:
 * black up to -160, white from 239, 40 HU at (0.5/399 + 0.5) * 255 = 127.82 -> 128).
 */
class DisplayLutTest {
    private static final VoiLut.Window CT = VoiLut.window(40, 400);

    private static int[] render(DisplayLut lut, PixelFrame f) {
        byte[] b = lut.renderGray(f).pixels();
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void signedStoredValuesWithIdentityRescale() {
        PixelFrame f = Fixtures.frame16(1, 7, 16, true, -1000, -160, -159, 39, 40, 239, 3000);
        assertThat(render(DisplayLut.forFrame(f, ModalityLut.identity(), CT, false), f))
                .containsExactly(0, 0, 1, 127, 128, 255, 255);
    }

    @Test
    void unsignedStoredValuesWithCtIntercept() {
        // 12-bit unsigned, HU = stored - 1024
        PixelFrame f = Fixtures.frame16(1, 5, 12, false, 0, 864, 865, 1064, 4095);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(1, -1024), CT, false);
        assertThat(render(lut, f)).containsExactly(0, 0, 1, 128, 255);
    }

    @Test
    void signedStoredValuesWithSlopeAndIntercept() {
        // HU = 2 * stored - 100: -30 -> -160, 70 -> 40, 170 -> 240
        PixelFrame f = Fixtures.frame16(1, 3, 16, true, -30, 70, 170);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(2, -100), CT, false);
        assertThat(render(lut, f)).containsExactly(0, 128, 255);
    }

    @Test
    void monochrome1IsInvertedBeforeRounding() {
        PixelFrame f = Fixtures.frame16(1, 3, 12, false, 864, 1064, 4095);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(1, -1024), CT, true);
        assertThat(render(lut, f)).containsExactly(255, 127, 0);      // 255 - 127.82 = 127.18
    }

    @Test
    void eightBitFramesUseTheSameTable() {
        PixelFrame f = new PixelFrame(1, 3, 1, Photometric.MONOCHROME2, 8, false, new byte[] {0, (byte) 128,
                (byte) 255}, null, null);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.identity(), VoiLut.window(128, 256), false);
        assertThat(render(lut, f)).containsExactly(0, 128, 255);
        PixelFrame signed = new PixelFrame(1, 2, 1, Photometric.MONOCHROME2, 8, true, new byte[] {-128, 127}, null,
                null);
        DisplayLut s = DisplayLut.forFrame(signed, ModalityLut.identity(), VoiLut.window(0, 256), false);
        assertThat(render(s, signed)).containsExactly(0, 255);
    }

    @Test
    void tableAgreesWithDirectEvaluationForEveryTwelveBitSignedValue() {
        int[] all = new int[4096];
        for (int i = 0; i < all.length; i++) {
            all[i] = i - 2048;
        }
        PixelFrame f = Fixtures.frame16(64, 64, 12, true, all);
        VoiLut sigmoid = new VoiLut.Window(-100, 700, VoiFunction.SIGMOID, "");
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(1.5, -20), sigmoid, false);
        int[] rendered = render(lut, f);
        for (int i = 0; i < all.length; i++) {
            assertThat(rendered[i]).isEqualTo(lut.displayValue(all[i]));
        }
    }

    @Test
    void smallFramesRenderedBeforeTheFullTableGetTheSameValuesAsThroughIt() {
        for (boolean signed : new boolean[] {true, false}) {
            int[] small = signed ? new int[] {-32768, -1000, -160, -159, 0, 39, 40, 239, 32767}
                    : new int[] {0, 864, 865, 1064, 4095, 40000, 65535, 7, 12};
            PixelFrame f = Fixtures.frame16(3, 3, 16, signed, small);
            DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(1.5, -1024), CT, true);
            int[] ownValues = render(lut, f);
            int[] argb = lut.renderArgb(f).pixels();
            assertThat(lut.tableBuilt()).as("a 9-pixel frame does not build the 65,536-entry table").isFalse();

            PixelFrame large = Fixtures.frame16(128, 128, 16, signed, new int[128 * 128]);
            render(lut, large);
            assertThat(lut.tableBuilt()).isTrue();
            assertThat(render(lut, f)).containsExactly(ownValues);
            for (int i = 0; i < small.length; i++) {
                assertThat(ownValues[i]).isEqualTo(lut.displayValue(small[i]));
                assertThat(argb[i]).isEqualTo(ArgbBuffer.gray(ownValues[i]));
            }
        }
    }

    @Test
    void thirtyTwoBitFramesAreEvaluatedPerPixel() {
        PixelFrame f = new PixelFrame(1, 3, 1, Photometric.MONOCHROME2, 32, false, null, null,
                new int[] {0, 500_000, (int) 3_000_000_000L});
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.rescale(0.001, 0), VoiLut.window(500, 1000), false);
        assertThat(render(lut, f)).containsExactly(0, 128, 255);
    }

    @Test
    void argbRenderingRepeatsTheGrayValue() {
        PixelFrame f = Fixtures.frame16(1, 2, 16, true, -160, 40);
        DisplayLut lut = DisplayLut.forFrame(f, ModalityLut.identity(), CT, false);
        assertThat(lut.renderArgb(f).pixels()).containsExactly(0xFF000000, 0xFF808080);
    }

    @Test
    void aLutRefusesFramesOfAnotherFormat() {
        PixelFrame f = Fixtures.frame16(1, 2, 16, true, 1, 2);
        DisplayLut lut = DisplayLut.build(12, true, ModalityLut.identity(), CT, false);
        assertThatThrownBy(() -> lut.renderGray(f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisplayLut.forFrame(f, ModalityLut.identity(), CT, false).renderGray(f, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderPlanUsesTheUsersWindowAndInvertToggle() throws Exception {
        PixelFrame f = Fixtures.frame16(1, 2, 16, true, -160, 239);
        ImageTransforms t = new ImageTransforms(Photometric.MONOCHROME2, 16, true, ModalityLut.identity(),
                java.util.List.of(VoiLut.window(1000, 10)), PresentationLutShape.IDENTITY, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.List.of());
        GrayBuffer fileDefault = (GrayBuffer) RenderPlan.resolve(t, f, ViewOverrides.NONE).render(f);
        assertThat(fileDefault.pixels()).containsExactly(0, 0);
        GrayBuffer user = (GrayBuffer) RenderPlan.resolve(t, f, ViewOverrides.NONE.withVoi(CT).withInvert(true))
                .render(f);
        assertThat(user.pixels()).containsExactly((byte) 255, (byte) 0);
    }
}
