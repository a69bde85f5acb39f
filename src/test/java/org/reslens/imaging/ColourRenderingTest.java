package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/** Colour passes through without windowing; YBR is converted with the PS3.3 equations. */
class ColourRenderingTest {

    private static ImageTransforms colour(Photometric p) {
        return new ImageTransforms(p, 8, false, ModalityLut.identity(), List.of(), PresentationLutShape.IDENTITY,
                Optional.empty(), Optional.empty(), List.of());
    }

    @Test
    void rgbPassesThroughUntouched() throws Exception {
        DicomFile f = DicomFile.open(Fixtures.CORPUS.resolve("native/rgb8.dcm"));
        PixelFrame frame = f.readFrame(0);
        ArgbBuffer b = (ArgbBuffer) RenderPlan.resolve(ImageTransforms.read(f, 0), frame, ViewOverrides.NONE)
                .render(frame);
        byte[] rgb = frame.bytes();
        for (int i = 0; i < b.pixels().length; i++) {
            assertThat(b.pixels()[i]).isEqualTo(ArgbBuffer.rgb(rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF,
                    rgb[3 * i + 2] & 0xFF));
        }
    }

    @Test
    void ybrFullComesBackToTheRgbItWasComputedFrom() throws Exception {
        // The corpus's ybr_full.dcm holds rgb8.dcm converted with the PS3.3 equations and rounded.
        PixelFrame rgb = DicomFile.open(Fixtures.CORPUS.resolve("native/rgb8.dcm")).readFrame(0);
        DicomFile ybr = DicomFile.open(Fixtures.CORPUS.resolve("pixel/ybr_full.dcm"));
        PixelFrame frame = ybr.readFrame(0);
        ArgbBuffer b = (ArgbBuffer) RenderPlan.resolve(ImageTransforms.read(ybr, 0), frame, ViewOverrides.NONE)
                .render(frame);
        int worst = 0;
        for (int i = 0; i < b.pixels().length; i++) {
            for (int c = 0; c < 3; c++) {
                int mine = (b.pixels()[i] >> (16 - 8 * c)) & 0xFF;
                worst = Math.max(worst, Math.abs(mine - (rgb.bytes()[3 * i + c] & 0xFF)));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void nativeYbr422GivesBothPixelsOfAPairThePairsChroma() {
        // Y1 Y2 Cb Cr: neutral chroma gives gray; Cr 228 adds 1.402 * 100 red.
        PixelFrame f = new PixelFrame(1, 4, 3, Photometric.YBR_FULL_422, 8, false,
                new byte[] {50, 100, (byte) 128, (byte) 128, 50, 100, (byte) 128, (byte) 228}, null, null);
        ArgbBuffer b = ColourConversion.toArgb(f);
        assertThat(b.pixels()).containsExactly(ArgbBuffer.gray(50), ArgbBuffer.gray(100),
                ArgbBuffer.rgb(190, 0, 50), ArgbBuffer.rgb(240, 29, 100));
    }

    @Test
    void sixteenBitRgbKeepsItsTopEightBits() throws Exception {
        PixelFrame f = new PixelFrame(1, 1, 3, Photometric.RGB, 16, false, null,
                new short[] {(short) 0xFFFF, (short) 0x8000, 0x00FF}, null);
        ArgbBuffer b = (ArgbBuffer) RenderPlan.resolve(colour(Photometric.RGB), f, ViewOverrides.NONE).render(f);
        assertThat(b.pixels()).containsExactly(ArgbBuffer.rgb(255, 128, 0));
    }

    @Test
    void invertToggleAppliesToColour() throws Exception {
        PixelFrame f = new PixelFrame(1, 1, 3, Photometric.RGB, 8, false, new byte[] {0, 10, (byte) 255}, null, null);
        ArgbBuffer b = (ArgbBuffer) RenderPlan.resolve(colour(Photometric.RGB), f,
                ViewOverrides.NONE.withInvert(true)).render(f);
        assertThat(b.pixels()).containsExactly(ArgbBuffer.rgb(255, 245, 0));
    }
}
