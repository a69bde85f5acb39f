package org.reslens.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Structures of PS3.5 section 7 built byte by byte, including the ones tools rarely write. */
class DicomParserTest {
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String RLE = "1.2.840.10008.1.2.5";

    private static DicomFile parse(Crafted c) throws DicomException {
        return DicomFile.parse(c.bytes(), "crafted.dcm");
    }

    @Test
    void readsSequencesOfUndefinedAndDefinedLengthNestedThreeDeep() throws DicomException {
        Crafted inner = Crafted.bare().explicitText(0x00080100, "SH", "T-A0100");
        Crafted c = Crafted.part10(EXPLICIT_LE)
                .explicitText(0x00080060, "CS", "MR")
                .explicitHeader(0x00081032, "SQ", 0xFFFFFFFFL)
                .item(0xFFFFFFFFL)
                .explicitText(0x00080104, "LO", "outer")
                .explicitHeader(0x0040A730, "SQ", 8 + 8 + 12 + inner.size())
                .item(8 + 12 + inner.size())
                .explicitHeader(0x0040A730, "SQ", 8 + inner.size())
                .item(inner.size())
                .raw(inner.bytes())
                .itemEnd()
                .sequenceEnd()
                .explicitText(0x00100010, "PN", "DOE^JOHN");
        DicomFile df = parse(c);
        Attributes ds = df.dataset();
        assertThat(ds.getString(Tags.Modality)).isEqualTo("MR");
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("DOE^JOHN");
        List<Attributes> outer = ds.getSequence(0x00081032);
        assertThat(outer).hasSize(1);
        assertThat(outer.get(0).getString(0x00080104)).isEqualTo("outer");
        Attributes level2 = outer.get(0).getSequence(0x0040A730).get(0);
        Attributes level3 = level2.getSequence(0x0040A730).get(0);
        assertThat(level3.getString(0x00080100)).isEqualTo("T-A0100");
        assertThat(level3.parent()).isSameAs(level2);
    }

    @Test
    void readsUnOfUndefinedLengthAsImplicitLittleEndianSequence() throws DicomException {
        Crafted c = Crafted.part10(EXPLICIT_LE)
                .explicitHeader(0x00091010, "UN", 0xFFFFFFFFL)
                .item(0xFFFFFFFFL)
                .implicit(0x00100020, "ID42".getBytes(StandardCharsets.US_ASCII))
                .itemEnd()
                .sequenceEnd()
                .explicitText(0x00100010, "PN", "AFTER^UN");
        Attributes ds = parse(c).dataset();
        assertThat(ds.vr(0x00091010)).isEqualTo(VR.SQ);
        assertThat(ds.getSequence(0x00091010).get(0).getString(Tags.PatientID)).isEqualTo("ID42");
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("AFTER^UN");
    }

    @Test
    void toleratesOddLengthsAndKeepsPrivateTags() throws DicomException {
        Crafted c = Crafted.part10(EXPLICIT_LE)
                .explicit(0x00090010, "LO", "ACME".getBytes(StandardCharsets.US_ASCII))
                .explicit(0x00091001, "LO", "odd".getBytes(StandardCharsets.US_ASCII))
                .explicitText(0x00100010, "PN", "NEXT^ELEMENT");
        Attributes ds = parse(c).dataset();
        assertThat(ds.getString(0x00091001)).isEqualTo("odd");
        assertThat(ds.getString(0x00090010)).isEqualTo("ACME");
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("NEXT^ELEMENT");
    }

    @Test
    void ignoresGroupLengthsThatLie() throws DicomException {
        Crafted c = Crafted.part10(EXPLICIT_LE)
                .explicit(0x00080000, "UL", new byte[] {4, 0, 0, 0})
                .explicitText(0x00080060, "CS", "CT")
                .explicitText(0x00080070, "LO", "MAKER");
        Attributes ds = parse(c).dataset();
        assertThat(ds.getString(Tags.Modality)).isEqualTo("CT");
        assertThat(ds.getString(Tags.Manufacturer)).isEqualTo("MAKER");
    }

    @Test
    void refusesNestingBeyondTheLimitWithoutStackOverflow() {
        Crafted c = Crafted.part10(EXPLICIT_LE);
        for (int i = 0; i < 10_000; i++) {
            c.explicitHeader(0x0040A730, "SQ", 0xFFFFFFFFL).item(0xFFFFFFFFL);
        }
        assertThatThrownBy(() -> parse(c))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
                    assertThat(e.getMessage()).contains("nested deeper than " + DicomParser.MAX_DEPTH);
                });
    }

    @Test
    void reportsALyingLengthAsTruncatedWithTheOffset() {
        Crafted c = Crafted.part10(EXPLICIT_LE).explicitText(0x00080060, "CS", "CT");
        int at = c.size();
        Crafted lie = Crafted.part10(EXPLICIT_LE).explicitText(0x00080060, "CS", "CT")
                .explicitHeader(0x00204000, "UT", 0xFFFFFFF0L).raw(new byte[20]);
        assertThatThrownBy(() -> parse(lie))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(at);
                    assertThat(e.getMessage()).contains("4294967280").contains("crafted.dcm");
                });
    }

    @Test
    void reportsAnElementRunningPastItsItemAsMalformed() {
        Crafted c = Crafted.part10(EXPLICIT_LE)
                .explicitHeader(0x00081032, "SQ", 0xFFFFFFFFL)
                .item(10)
                .explicitText(0x00080104, "LO", "longer than ten")
                .sequenceEnd();
        assertThatThrownBy(() -> parse(c))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
    }

    @Test
    void detectsImplicitLittleEndianWithoutMeta() throws DicomException {
        Crafted c = Crafted.bare()
                .implicit(0x00080060, "MR".getBytes(StandardCharsets.US_ASCII))
                .implicit(0x00280010, new byte[] {2, 0});
        DicomFile df = parse(c);
        assertThat(df.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(df.fileMeta()).isNull();
        assertThat(df.dataset().getInt(Tags.Rows, -1)).isEqualTo(2);
        assertThat(df.warnings()).anyMatch(w -> w.contains("no File Meta Information"));
    }

    @Test
    void detectsExplicitBigEndianWithoutMeta() throws DicomException {
        Crafted c = Crafted.bare().bigEndian(true)
                .explicitText(0x00080060, "CS", "CT")
                .explicitUs(0x00280010, 513);
        DicomFile df = parse(c);
        assertThat(df.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(df.dataset().getInt(Tags.Rows, -1)).isEqualTo(513);
    }

    @Test
    void refusesEmptyAndGarbageInputAsNotDicom() {
        assertThatThrownBy(() -> DicomFile.parse(new byte[0], "empty.dcm"))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_DICOM));
        byte[] garbage = "This is a text file, not an image at all.\n".repeat(5).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> DicomFile.parse(garbage, "notes.txt"))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_DICOM);
                    assertThat(e.getMessage()).startsWith("notes.txt: ");
                });
    }

    @Test
    void refusesMetaWithoutTransferSyntax() {
        Crafted c = Crafted.bare().raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII))
                .explicit(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2\0".getBytes(StandardCharsets.US_ASCII))
                .explicitText(0x00080060, "CS", "CT");
        assertThatThrownBy(() -> parse(c))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
                    assertThat(e.getMessage()).contains("(0002,0010)");
                });
    }

    @Test
    void headerReadStopsAtPixelDataAndRecordsWhereItIs() throws DicomException {
        Crafted c = image(Crafted.part10(EXPLICIT_LE), 2, 2, 8);
        int valueAt = c.size() + 12;
        c.explicitHeader(Tags.PixelData, "OB", 4).raw(new byte[] {1, 2, 3, 4});
        DicomFile df = parse(c);
        assertThat(df.pixelData()).contains(new PixelDataInfo(valueAt, 4, VR.OB));
        PixelFrame f = df.readFrame(0);
        assertThat(f.bytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void keepsLargeBinaryValuesAsBulkDataReferences() throws DicomException {
        byte[] big = new byte[DicomParser.BULK_THRESHOLD + 2];
        Crafted c = Crafted.part10(EXPLICIT_LE).explicitText(0x00080060, "CS", "OT");
        int valueAt = c.size() + 12;
        c.explicit(0x00091002, "OB", big).explicitText(0x00100010, "PN", "AFTER^BULK");
        DicomFile df = parse(c);
        assertThat(df.dataset().getBulkData(0x00091002)).contains(new BulkData(valueAt, big.length));
        assertThat(df.dataset().getString(Tags.PatientName)).isEqualTo("AFTER^BULK");
    }

    @Test
    void readsBulkDataBackOnRequest() throws DicomException {
        byte[] big = new byte[DicomParser.BULK_THRESHOLD + 2];
        big[0] = 7;
        big[big.length - 1] = 9;
        Crafted c = Crafted.part10(EXPLICIT_LE).explicit(0x00091002, "OB", big);
        DicomFile df = parse(c);
        assertThat(df.readBulk(df.dataset().getBulkData(0x00091002).orElseThrow())).isEqualTo(big);
    }

    @Test
    void masksBitsStoredAndSignExtends() throws DicomException {
        Crafted c = image(Crafted.part10(EXPLICIT_LE), 1, 2, 16);
        c = c.explicitUs(Tags.BitsStored, 12).explicitUs(Tags.HighBit, 11).explicitUs(Tags.PixelRepresentation, 1);
        // 0xF800 has garbage in the top 4 bits and 0x800 in the low 12: that is -2048; 0x07FF is +2047.
        c.explicitHeader(Tags.PixelData, "OW", 4).raw(new byte[] {0x00, (byte) 0xF8, (byte) 0xFF, 0x07});
        PixelFrame f = parse(c).readFrame(0);
        assertThat(f.sample(0)).isEqualTo(-2048);
        assertThat(f.sample(1)).isEqualTo(2047);
    }

    @Test
    void mapsFragmentsToFramesThroughTheBasicOffsetTable() throws DicomException {
        byte[] frame1 = rleFrame(new byte[] {10, 11, 12, 13});
        byte[] frame2 = rleFrame(new byte[] {20, 21, 22, 23});
        // Frame 1 split over two fragments; frame 2 in one.
        byte[] f1a = java.util.Arrays.copyOfRange(frame1, 0, 40);
        byte[] f1b = java.util.Arrays.copyOfRange(frame1, 40, frame1.length);
        Crafted c = image(Crafted.part10(RLE), 2, 2, 8).explicitText(Tags.NumberOfFrames, "IS", "2");
        long off2 = 8 + f1a.length + 8 + f1b.length;
        c.explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(8).u32(0).u32(off2)
                .item(f1a.length).raw(f1a)
                .item(f1b.length).raw(f1b)
                .item(frame2.length).raw(frame2)
                .sequenceEnd();
        DicomFile df = parse(c);
        assertThat(df.readFrame(0).bytes()).containsExactly(10, 11, 12, 13);
        assertThat(df.readFrame(1).bytes()).containsExactly(20, 21, 22, 23);
    }

    @Test
    void mapsFramesThroughTheExtendedOffsetTable() throws DicomException {
        byte[] frame1 = rleFrame(new byte[] {1, 2, 3, 4});
        byte[] frame2 = rleFrame(new byte[] {5, 6, 7, 8});
        Crafted offsets = Crafted.bare().u32(0).u32(0).u32(8 + frame1.length).u32(0);
        Crafted lengths = Crafted.bare().u32(frame1.length).u32(0).u32(frame2.length).u32(0);
        Crafted c = image(Crafted.part10(RLE), 2, 2, 8).explicitText(Tags.NumberOfFrames, "IS", "2")
                .explicit(0x7FE00001, "OV", offsets.bytes())
                .explicit(0x7FE00002, "OV", lengths.bytes())
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0)
                .item(frame1.length).raw(frame1)
                .item(frame2.length).raw(frame2)
                .sequenceEnd();
        DicomFile df = parse(c);
        assertThat(df.readFrame(1).bytes()).containsExactly(5, 6, 7, 8);
        assertThat(df.readFrame(0).bytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void reportsAFragmentRunningPastTheEndAsTruncated() throws DicomException {
        byte[] frame = rleFrame(new byte[] {1, 2, 3, 4});
        Crafted c = image(Crafted.part10(RLE), 2, 2, 8)
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0)
                .item(frame.length + 100).raw(frame);
        DicomFile df = parse(c);
        assertThatThrownBy(() -> df.readFrame(0))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED));
    }

    @Test
    void refusesPixelsOfAnUnknownTransferSyntax() throws DicomException {
        Crafted c = image(Crafted.part10("1.2.3.4.5.6"), 2, 2, 8)
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL).item(0).item(4).raw(new byte[4]).sequenceEnd();
        DicomFile df = parse(c);
        assertThat(df.transferSyntax()).isEqualTo(TransferSyntax.UNKNOWN);
        assertThatThrownBy(() -> df.readFrame(0))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX));
    }

    private static Crafted image(Crafted c, int rows, int columns, int bits) {
        return c.explicitUs(Tags.SamplesPerPixel, 1)
                .explicitText(Tags.PhotometricInterpretation, "CS", "MONOCHROME2")
                .explicitUs(Tags.Rows, rows)
                .explicitUs(Tags.Columns, columns)
                .explicitUs(Tags.BitsAllocated, bits)
                .explicitUs(Tags.BitsStored, bits)
                .explicitUs(Tags.HighBit, bits - 1)
                .explicitUs(Tags.PixelRepresentation, 0);
    }

    /** One 8-bit segment holding the bytes as a single literal run. */
    private static byte[] rleFrame(byte[] pixels) {
        Crafted c = Crafted.bare().u32(1).u32(64);
        for (int i = 0; i < 14; i++) {
            c.u32(0);
        }
        c.raw(new byte[] {(byte) (pixels.length - 1)}).raw(pixels);
        return Crafted.even(c.bytes(), (byte) 0);
    }
}
