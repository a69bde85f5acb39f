package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;

/**
 * End-to-end rendering of files written by dcmtk (and of corpus files written by dcmtk/GDCM) compared with what
 * dcmtk's own renderer, dcm2pnm, makes of them: an independent implementation of the Modality LUT, VOI window or
 * VOI LUT, MONOCHROME1 / Presentation LUT Shape, palette and YBR chain. Both quantise real values to 8 bits, so a
 * difference of one level is allowed; dcmtk converts YCbCr with fixed-point integer coefficients, which moves some
 * colours one level further. The expected images are in src/test/resources/imaging/dcmtk, made by
 * src/test/fixtures/imaging/make-imaging-fixtures.sh.
 */
class DcmtkAgreementTest {

    /** preset: 1-based index into the file's VOI presets (windows first, then VOI LUTs); 0 for colour. */
    @ParameterizedTest(name = "{0} preset {1}")
    @CsvSource({
            "imaging/dicom/mono1_windows.dcm,       1, mono1_windows_w1.pgm, 1",
            "imaging/dicom/mono1_windows.dcm,       2, mono1_windows_w2.pgm, 1",
            "imaging/dicom/mono1_windows.dcm,       3, mono1_windows_w3.pgm, 1",
            "imaging/dicom/modality_voi_luts.dcm,   1, modality_voi_luts_l1.pgm, 1",
            "imaging/dicom/modality_voi_luts.dcm,   2, modality_voi_luts_l2.pgm, 1",
            "imaging/dicom/sigmoid.dcm,             1, sigmoid_w1.pgm, 1",
            "imaging/dicom/dx_mono1_inverse.dcm,    1, dx_mono1_inverse_w1.pgm, 1",
            "imaging/dicom/mono2_inverse.dcm,       1, mono2_inverse_w1.pgm, 1",
            "dicom/native/ct_s16.dcm,               1, ct_s16_w1.pgm, 1",
            "dicom/native/mr_u12.dcm,               1, mr_u12_w1.pgm, 1",
            "imaging/dicom/palette_first50.dcm,     0, palette_first50.ppm, 1",
            "dicom/pixel/palette8_lut8.dcm,         0, palette8_lut8.ppm, 1",
            "dicom/pixel/palette8_lut16.dcm,        0, palette8_lut16.ppm, 1",
            "dicom/pixel/ybr_full.dcm,              0, ybr_full.ppm, 2",
            "dicom/pixel/ybr_full_422.dcm,          0, ybr_full_422.ppm, 2",
    })
    void rendersAsDcmtkDoes(String file, int preset, String expected, int tolerance) throws Exception {
        DicomFile dicom = DicomFile.open(Path.of("src/test/resources").resolve(file));
        ImageTransforms t = ImageTransforms.read(dicom, 0);
        PixelFrame frame = dicom.readFrame(0);
        ViewOverrides overrides = preset == 0 ? ViewOverrides.NONE
                : ViewOverrides.NONE.withVoi(t.voiPresets().get(preset - 1));
        DisplayBuffer rendered = RenderPlan.resolve(t, frame, overrides).render(frame);
        Fixtures.Pnm dcmtk = Fixtures.pnm(expected);
        assertThat(rendered.width()).isEqualTo(dcmtk.width());
        assertThat(rendered.height()).isEqualTo(dcmtk.height());
        int n = dcmtk.width() * dcmtk.height();
        int worst = 0;
        int worstAt = -1;
        for (int i = 0; i < n; i++) {
            int d;
            if (rendered instanceof GrayBuffer g) {
                d = Math.abs((g.pixels()[i] & 0xFF) - dcmtk.gray(i));
            } else {
                int a = ((ArgbBuffer) rendered).pixels()[i];
                int b = dcmtk.rgb(i);
                d = 0;
                for (int s = 0; s < 24; s += 8) {
                    d = Math.max(d, Math.abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)));
                }
            }
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
        }
        assertThat(worst).as("largest difference from dcm2pnm, at pixel %d (stored %d)", worstAt,
                worstAt >= 0 ? frame.sample(worstAt) : 0).isLessThanOrEqualTo(tolerance);
    }
}
