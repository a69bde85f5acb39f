package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;

/** What ImageTransforms reads from files written by dcmtk (src/test/resources/imaging/dicom). */
class ImageTransformsTest {

    private static DicomFile open(String name) throws Exception {
        return DicomFile.open(Fixtures.IMAGING.resolve("dicom").resolve(name));
    }

    @Test
    void everyValuePairOfAMultiValuedWindowIsAPresetWithItsExplanation() throws Exception {
        ImageTransforms t = ImageTransforms.read(open("mono1_windows.dcm").dataset(), 0);
        assertThat(t.voiPresets()).containsExactly(
                new VoiLut.Window(40, 400, VoiFunction.LINEAR, "SOFT TISSUE"),
                new VoiLut.Window(400, 1500, VoiFunction.LINEAR, "BONE"),
                new VoiLut.Window(-600, 1600, VoiFunction.LINEAR, "LUNG"));
        assertThat(t.defaultVoi()).contains(t.voiPresets().get(0));
        assertThat(t.warnings()).singleElement().asString().contains("BROKEN").contains("skipped");
    }

    @Test
    void monochrome1WithoutPresentationShapeIsInverse() throws Exception {
        ImageTransforms t = ImageTransforms.read(open("mono1_windows.dcm").dataset(), 0);
        assertThat(t.presentation()).isEqualTo(PresentationLutShape.INVERSE);
        assertThat(t.modality()).isEqualTo(new ModalityLut.Rescale(1, -1024, "HU"));
        assertThat(t.padding()).contains(new PixelPadding(0, 0));
    }

    @Test
    void explicitPresentationShapeWinsAndNeverInvertsTwice() throws Exception {
        assertThat(ImageTransforms.read(open("dx_mono1_inverse.dcm").dataset(), 0).presentation())
                .isEqualTo(PresentationLutShape.INVERSE);
        assertThat(ImageTransforms.read(open("mono2_inverse.dcm").dataset(), 0).presentation())
                .isEqualTo(PresentationLutShape.INVERSE);
        DicomFile ct = DicomFile.open(Fixtures.CORPUS.resolve("native/ct_s16.dcm"));
        assertThat(ImageTransforms.read(ct.dataset(), 0).presentation()).isEqualTo(PresentationLutShape.IDENTITY);
    }

    @Test
    void modalityLutSequenceWithSignedFirstValueWrittenAsUs() throws Exception {
        ImageTransforms t = ImageTransforms.read(open("modality_voi_luts.dcm").dataset(), 0);
        ModalityLut.Table m = (ModalityLut.Table) t.modality();
        assertThat(m.lut().descriptor()).isEqualTo(new LutDescriptor(4096, -2048, 16));
        assertThat(m.lut().explanation()).isEqualTo("DOUBLED");
        assertThat(m.type()).isEqualTo("US");
        assertThat(m.apply(-2048)).isEqualTo(0);
        assertThat(m.apply(0)).isEqualTo(4096);
        assertThat(m.apply(2047)).isEqualTo(8190);
        assertThat(m.apply(-30000)).isEqualTo(0);        // below the table: first entry
        assertThat(m.apply(30000)).isEqualTo(8190);      // above: last entry
    }

    @Test
    void voiLutSequenceItemsArePresetsIncludingPackedEightBitData() throws Exception {
        ImageTransforms t = ImageTransforms.read(open("modality_voi_luts.dcm").dataset(), 0);
        assertThat(t.voiPresets()).hasSize(2);
        VoiLut.Table identity = (VoiLut.Table) t.voiPresets().get(0);
        assertThat(identity.explanation()).isEqualTo("IDENTITY12");
        assertThat(identity.lut().descriptor()).isEqualTo(new LutDescriptor(4096, 0, 12));
        VoiLut.Table step = (VoiLut.Table) t.voiPresets().get(1);
        assertThat(step.explanation()).isEqualTo("STEP");
        assertThat(step.lut().descriptor()).isEqualTo(new LutDescriptor(3, 4000, 8));
        assertThat(step.lut().values()).containsExactly(0, 128, 255);
        // 4095 -> 4095/4095 of the range; the step LUT maps 4001 to entry 1 = 128/255.
        assertThat(identity.apply(4095, 0, 255)).isEqualTo(255);
        assertThat(step.apply(4001, 0, 255)).isEqualTo(128);
        assertThat(step.apply(3000, 0, 255)).isEqualTo(0);
        assertThat(step.apply(9000, 0, 255)).isEqualTo(255);
    }

    @Test
    void voiLutFunctionAppliesToEveryWindowOfTheFile() throws Exception {
        ImageTransforms sigmoid = ImageTransforms.read(open("sigmoid.dcm").dataset(), 0);
        assertThat(sigmoid.voiPresets()).extracting(v -> ((VoiLut.Window) v).function())
                .containsExactly(VoiFunction.SIGMOID, VoiFunction.SIGMOID);
        ImageTransforms exact = ImageTransforms.read(open("linear_exact.dcm").dataset(), 0);
        assertThat(exact.voiPresets()).containsExactly(
                new VoiLut.Window(40, 400, VoiFunction.LINEAR_EXACT, "A"),
                new VoiLut.Window(100, 0.5, VoiFunction.LINEAR_EXACT, "B"));   // width < 1 is fine here
    }

    @Test
    void linearExactRendersAsComputedByHand() throws Exception {
        DicomFile f = open("linear_exact.dcm");
        ImageTransforms t = ImageTransforms.read(f.dataset(), 0);
        PixelFrame frame = f.readFrame(0);
        GrayBuffer g = (GrayBuffer) RenderPlan.resolve(t, frame, ViewOverrides.NONE).render(frame);
        // stored value of pixel i is 5i - 300; c=40 w=400: edges -160 and 240
        assertThat(g.pixels()[28] & 0xFF).isEqualTo(0);     // -160
        assertThat(g.pixels()[60] & 0xFF).isEqualTo(102);   // 0 -> (-0.1 + 0.5) * 255
        assertThat(g.pixels()[68] & 0xFF).isEqualTo(128);   // 40 -> 127.5, rounded half up
        assertThat(g.pixels()[108] & 0xFF).isEqualTo(255);  // 240
    }

    @Test
    void enhancedFramesTakeRescaleAndWindowFromTheirFunctionalGroups() throws Exception {
        DicomFile f = open("enhanced_frames.dcm");
        ImageTransforms f0 = ImageTransforms.read(f.dataset(), 0);
        ImageTransforms f1 = ImageTransforms.read(f.dataset(), 1);
        ImageTransforms f2 = ImageTransforms.read(f.dataset(), 2);
        assertThat(f0.modality()).isEqualTo(new ModalityLut.Rescale(1, 0, "US"));
        assertThat(f1.modality()).isEqualTo(new ModalityLut.Rescale(2, -10, "US"));
        assertThat(f2.modality()).isEqualTo(new ModalityLut.Rescale(3, -20, "US"));
        assertThat(f0.voiPresets()).containsExactly(new VoiLut.Window(100, 50, VoiFunction.LINEAR, "SHARED"));
        assertThat(f1.voiPresets()).isEqualTo(f0.voiPresets());
        assertThat(f2.voiPresets()).containsExactly(new VoiLut.Window(7, 3, VoiFunction.LINEAR_EXACT, "FRAME3"));
    }

    @Test
    void paletteImagesCarryTheirTablesAndNoVoi() throws Exception {
        ImageTransforms t = ImageTransforms.read(open("palette_first50.dcm").dataset(), 0);
        assertThat(t.voiPresets()).isEmpty();
        assertThat(t.palette()).hasValueSatisfying(p -> {
            assertThat(p.red().descriptor()).isEqualTo(new LutDescriptor(200, 50, 16));
            assertThat(p.argb(0)).isEqualTo(p.argb(50));           // below the first mapped value: entry 0
            assertThat(p.argb(255)).isEqualTo(p.argb(249));         // beyond the last: entry 199
            assertThat(p.argb(50)).isEqualTo(ArgbBuffer.rgb(0, 255, 128));
            assertThat(p.argb(51)).isEqualTo(ArgbBuffer.rgb(1, 253, 255));
        });
    }

    @Test
    void corpusCtWindowIsTheDefaultPreset() throws Exception {
        DicomFile ct = DicomFile.open(Fixtures.CORPUS.resolve("native/ct_s16.dcm"));
        ImageTransforms t = ImageTransforms.read(ct.dataset(), 0);
        assertThat(t.voiPresets()).containsExactly(new VoiLut.Window(40, 400, VoiFunction.LINEAR, "WINDOW 1"));
        assertThat(t.modality()).isEqualTo(new ModalityLut.Rescale(1, 0, ""));
        assertThat(Path.of(ct.name())).isNotNull();
    }
}
