package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;

/**
 * LUT decoding details (descriptor semantics, 8-bit packing, byte order) and what happens when a file's LUT or
 * rescale values are damaged: a DicomException, never a runtime exception.
 */
class LookupTableTest {

    private static DicomBytes lutItem(int[] descriptor, int[] data) {
        return DicomBytes.dataset().us(Tags.LUTDescriptor, descriptor).ow(Tags.LUTData, data);
    }

    private static Attributes withModalityLut(DicomBytes item) throws DicomException {
        return DicomBytes.dataset().image16(2, 2, 16, false, "MONOCHROME2")
                .sequence(Tags.ModalityLUTSequence, item).parse();
    }

    @TempDir
    Path tmp;

    @Test
    void descriptorZeroEntriesMeans65536() throws Exception {
        int[] data = new int[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = 65535 - i;
        }
        // 128 KiB of LUT Data: more than the header reader keeps in memory, so it is read from the file.
        DicomFile file = DicomBytes.dataset().image16(2, 2, 16, false, "MONOCHROME2")
                .sequence(Tags.ModalityLUTSequence, lutItem(new int[] {0, 0, 16}, data)).file(tmp);
        ModalityLut.Table m = (ModalityLut.Table) ImageTransforms.read(file, 0).modality();
        assertThat(m.lut().descriptor().entries()).isEqualTo(65536);
        assertThat(m.apply(0)).isEqualTo(65535);
        assertThat(m.apply(65535)).isEqualTo(0);
        assertThatThrownBy(() -> ImageTransforms.read(file.dataset(), 0)).isInstanceOfSatisfying(
                DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IO));
    }

    @Test
    void eightBitEntriesArePackedTwoToAWordLowByteFirst() throws Exception {
        LutDescriptor d = new LutDescriptor(3, 0, 8);
        byte[] little = {10, 20, 30, 0};
        assertThat(LookupTable.decode(little, false, d, "t", -1)).containsExactly(10, 20, 30);
        byte[] big = {20, 10, 0, 30};                  // the same words written big endian
        assertThat(LookupTable.decode(big, true, d, "t", -1)).containsExactly(10, 20, 30);
    }

    @Test
    void eightBitEntriesOnePerWordAreRecognisedByTheirLength() throws Exception {
        LutDescriptor d = new LutDescriptor(3, 0, 8);
        byte[] words = {10, 0, 20, 0, 30, 0};
        assertThat(LookupTable.decode(words, false, d, "t", -1)).containsExactly(10, 20, 30);
    }

    @Test
    void firstMappedValueIsSignedWhenTheVrIsSs() throws Exception {
        Attributes item = DicomBytes.dataset().image16(2, 2, 16, false, "MONOCHROME2")
                .ss(Tags.LUTDescriptor, 2, -5, 16).ow(Tags.LUTData, 7, 9).parse();
        LookupTable t = LookupTable.read(item, Tags.LUTDescriptor, Tags.LUTData, false, "t", "",
                BulkReader.NONE);
        assertThat(t.descriptor().firstMapped()).isEqualTo(-5);
        assertThat(t.lookup(-4)).isEqualTo(9);
    }

    @Test
    void voiLutFirstValueIsSignedWhenModalityValuesCanBeNegative() throws Exception {
        // Unsigned pixels, intercept -1024: the VOI LUT's first value 64512 as US means -1024.
        Attributes ds = DicomBytes.dataset().image16(2, 2, 12, false, "MONOCHROME2")
                .text(Tags.RescaleIntercept, "DS", "-1024").text(Tags.RescaleSlope, "DS", "1")
                .sequence(Tags.VOILUTSequence, lutItem(new int[] {2, 64512, 8}, new int[] {0xFF00})).parse();
        ImageTransforms t = ImageTransforms.read(ds, 0);
        VoiLut.Table voi = (VoiLut.Table) t.voiPresets().get(0);
        assertThat(voi.lut().descriptor().firstMapped()).isEqualTo(-1024);
        assertThat(voi.apply(-1024, 0, 255)).isEqualTo(0);
        assertThat(voi.apply(-1023, 0, 255)).isEqualTo(255);
    }

    @Test
    void descriptorWithTwoValuesIsMalformedAtTheItem() throws Exception {
        Attributes ds = withModalityLut(DicomBytes.dataset().us(Tags.LUTDescriptor, 4, 0)
                .ow(Tags.LUTData, 1, 2, 3, 4));
        assertThatThrownBy(() -> ModalityLut.read(ds, false)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
            assertThat(e.offset()).isPositive();
            assertThat(e.getMessage()).contains("Descriptor");
        });
    }

    @Test
    void lutDataShorterThanDeclaredIsMalformed() throws Exception {
        Attributes ds = withModalityLut(lutItem(new int[] {4096, 0, 16}, new int[] {1, 2, 3}));
        assertThatThrownBy(() -> ModalityLut.read(ds, false)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
    }

    @Test
    void missingLutDataOrImpossibleBitsAreMalformed() throws Exception {
        Attributes noData = withModalityLut(DicomBytes.dataset().us(Tags.LUTDescriptor, 2, 0, 16));
        assertThatThrownBy(() -> ModalityLut.read(noData, false)).isInstanceOf(DicomException.class);
        Attributes bits = withModalityLut(lutItem(new int[] {2, 0, 17}, new int[] {1, 2}));
        assertThatThrownBy(() -> ModalityLut.read(bits, false)).isInstanceOf(DicomException.class);
        Attributes zero = withModalityLut(lutItem(new int[] {2, 0, 0}, new int[] {1, 2}));
        assertThatThrownBy(() -> ModalityLut.read(zero, false)).isInstanceOf(DicomException.class);
    }

    @Test
    void unparsableRescaleIsMalformedNotSilentlyOne() throws Exception {
        Attributes ds = DicomBytes.dataset().image16(2, 2, 16, false, "MONOCHROME2")
                .text(Tags.RescaleSlope, "DS", "abc").parse();
        assertThatThrownBy(() -> ModalityLut.read(ds, false)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.getMessage()).contains("Rescale Slope"));
    }

    @Test
    void absentRescaleIsTheIdentity() throws Exception {
        Attributes ds = DicomBytes.dataset().image16(2, 2, 16, false, "MONOCHROME2").parse();
        assertThat(ModalityLut.read(ds, false)).isEqualTo(ModalityLut.identity());
    }

    @Test
    void paletteWithA65536EntryDescriptorMapsEverySixteenBitValue() throws Exception {
        int[] ramp = new int[65536];
        int[] flat = new int[65536];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
            flat[i] = 0x8080;
        }
        DicomFile ds = DicomBytes.dataset().image16(1, 3, 16, false, "PALETTE COLOR")
                .us(Tags.RedPaletteColorLookupTableDescriptor, 0, 0, 16)
                .us(Tags.GreenPaletteColorLookupTableDescriptor, 0, 0, 16)
                .us(Tags.BluePaletteColorLookupTableDescriptor, 0, 0, 16)
                .ow(Tags.RedPaletteColorLookupTableData, ramp).ow(Tags.GreenPaletteColorLookupTableData, flat)
                .ow(Tags.BluePaletteColorLookupTableData, ramp).file(tmp);
        PaletteLut p = ImageTransforms.read(ds, 0).palette().orElseThrow();
        PixelFrame f = new PixelFrame(1, 3, 1, Photometric.PALETTE_COLOR, 16, false, null,
                new short[] {0, (short) 0x8080, (short) 0xFFFF}, null);
        assertThat(p.render(f).pixels()).containsExactly(
                ArgbBuffer.rgb(0, 128, 0), ArgbBuffer.rgb(128, 128, 128), ArgbBuffer.rgb(255, 128, 255));
    }

    @Test
    void paletteWithoutABlueTableIsMalformed() throws Exception {
        Attributes ds = DicomBytes.dataset().image16(1, 1, 8, false, "PALETTE COLOR")
                .us(Tags.RedPaletteColorLookupTableDescriptor, 2, 0, 16)
                .us(Tags.GreenPaletteColorLookupTableDescriptor, 2, 0, 16)
                .ow(Tags.RedPaletteColorLookupTableData, 1, 2).ow(Tags.GreenPaletteColorLookupTableData, 1, 2)
                .parse();
        assertThatThrownBy(() -> ImageTransforms.read(ds, 0)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.getMessage()).contains("Blue"));
    }
}
