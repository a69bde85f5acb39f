package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.VR;
import org.reslens.dicom.codec.ImageIoDecoders;

/**
 * The reader changes that fuzzing and the small-heap test led to, each pinned by its input (the committed regression
 * inputs under {@code <Target>Inputs/} and the generated {@link HostileInputs}), and the nesting limit at its edge.
 */
class ReaderHardeningTest {
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @Test
    void numberOfFramesBeyondTheFragmentCountIsMalformedBeforeAnyPerFrameTableIsAllocated() throws Exception {
        byte[] file = resource("DicomReaderFuzzTestInputs/fullRead/regression-number-of-frames-2147483647");
        DicomFile f = DicomFile.parse(file, "frames.dcm");
        assertThat(f.frameCount()).isEqualTo(Integer.MAX_VALUE);

        // Before: new int[2147483647] in FrameLocator, an OutOfMemoryError on any heap.
        assertThatThrownBy(() -> f.readFrame(0)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
            assertThat(e.getMessage()).contains("Number of Frames 2147483647").contains("2 fragment(s)");
        });
    }

    @Test
    void deflateBombIsRefusedAtItsLimitInsteadOfExhaustingTheHeap() {
        // 1100 MiB inflated: beyond 1 GiB, and beyond an eighth of any heap this test runs in.
        byte[] bomb = HostileInputs.deflateBomb(1100);

        assertThatThrownBy(() -> DicomFile.parse(bomb, "bomb.dcm")).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
            assertThat(e.getMessage()).contains("inflates beyond").contains("MiB");
        });
    }

    @Test
    void elementsInDescendingTagOrderParseInLinearTimeAndComeOutSorted() throws DicomException {
        byte[] file = HostileInputs.all().get("131072-elements-descending-tags");

        long start = System.nanoTime();
        DicomFile f = DicomFile.parse(file, "descending.dcm");
        int[] tags = f.dataset().tags();
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Before: 13 s (a linear duplicate search per insertion); now tens of milliseconds.
        assertThat(millis).isLessThan(2_000);
        assertThat(tags).hasSize(f.dataset().size()).hasSizeGreaterThan(130_000);
        for (int i = 1; i < tags.length; i++) {
            assertThat(Integer.compareUnsigned(tags[i - 1], tags[i])).isNegative();
        }
    }

    @Test
    void sequencesNestedSixtyFourDeepParseAndSixtyFiveAreRefused() throws DicomException {
        DicomFile ok = DicomFile.parse(nested(SequenceNestingFuzzTest.PARSER_DEPTH_LIMIT), "64.dcm");
        int depth = 0;
        for (var ds = ok.dataset(); !ds.getSequence(0x00081140).isEmpty(); ds = ds.getSequence(0x00081140).get(0)) {
            depth++;
        }
        assertThat(depth).isEqualTo(64);

        assertThatThrownBy(() -> DicomFile.parse(nested(65), "65.dcm")).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.getMessage()).contains("nested deeper than 64"));
    }

    /** Undefined-length sequences, each with one undefined-length item, {@code levels} deep, then a leaf. */
    private static byte[] nested(int levels) {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        for (int i = 0; i < levels; i++) {
            d.explicitHeader(0x00081140, VR.SQ, Crafted.UNDEFINED).item(Crafted.UNDEFINED);
        }
        d.text(0x00081150, VR.UI, "1.2.3");
        for (int i = 0; i < levels; i++) {
            d.itemEnd().sequenceEnd();
        }
        return d.bytes();
    }

    @Test
    void aRepeatedTagKeepsTheValueReadLast() throws DicomException {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        d.text(0x00100010, VR.PN, "FIRST^NAME");
        d.text(0x00100020, VR.LO, "ID-1");
        d.text(0x00080060, VR.CS, "CT");
        d.text(0x00100010, VR.PN, "LAST^NAME");

        DicomFile f = DicomFile.parse(d.bytes(), "repeated.dcm");

        assertThat(f.dataset().getString(0x00100010)).isEqualTo("LAST^NAME");
        assertThat(f.dataset().size()).isEqualTo(3);
        assertThat(f.dataset().tags()).containsExactly(0x00080060, 0x00100010, 0x00100020);
    }

    @Test
    void jpeg2000WithTwoFfBytesInPacketDataIsMalformedInsteadOfLoopingInJj2000() throws IOException {
        byte[] codestream = resource("CodecFuzzTestInputs/imageIoJpeg2000/"
                + "crash-987d4598186bf5b0aa087cd73c29043e5a1336a7");

        DicomException e = assertTimeoutPreemptively(NO_HANG, () -> decodeJ2k(codestream));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.getMessage()).contains("two 0xFF bytes");
    }

    @Test
    void jpeg2000EndingInsideAPacketHeaderEndsInsteadOfReadingPastTheEndForever() {
        byte[] codestream = resourceUnchecked("CodecFuzzTestInputs/imageIoJpeg2000/"
                + "regression-ends-inside-packet-header-after-ff");

        // Returns (JJ2000 stops a truncated tile at EOFException) or fails typed; what matters is that it ends.
        assertTimeoutPreemptively(NO_HANG, () -> decodeJ2k(codestream));
    }

    @Test
    void jpeg2000WithPackedPacketHeadersIsReportedUnsupported() {
        byte[] codestream = resourceUnchecked("CodecFuzzTestInputs/imageIoJpeg2000/regression-truncated-ppm");

        DicomException e = assertTimeoutPreemptively(NO_HANG, () -> decodeJ2k(codestream));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        assertThat(e.getMessage()).contains("PPM");
    }

    @Test
    void aCorruptJpeg2000FrameThatBrokeJj2000IsATypedError() throws Exception {
        // JJ2000 throws new Error("Corrupted Bitstream: Could not parse EPH marker !"); the adapter caught only
        // IOException and RuntimeException, so the Error escaped readFrame.
        byte[] input = resource("EncapsulatedPixelDataFuzzTestInputs/fragmentTables/"
                + "crash-ec0e426e6d2da13b15eddf2ad7b18885fd8b0756");
        DicomFile f = DicomFile.parse(EncapsulatedPixelDataFuzzTest.toDicom(input), "eph.dcm");

        // JPEG 2000 frames now go through our J2kDecoder, which reports the bad EPH marker itself.
        assertThatThrownBy(() -> f.readFrame(0)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.getMessage()).contains("eph.dcm"));
    }

    @Test
    void jpegSizeBoundCountsComponentsNotJustPixels() throws IOException {
        // 36928 x 48 x 3: within 4 Mi samples by width x height alone, three times over it with the components.
        byte[] codestream = resource("CodecFuzzTestInputs/imageIoJpeg/crash-4a82e5549411799d9eb3a8caade9464aebe97898");

        assertThatThrownBy(() -> ImageIoDecoders.decodeJpeg(codestream, 0, codestream.length, 4L << 20))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
                    assertThat(e.getMessage()).contains("36928x48x3");
                });
    }

    @Test
    void jpeg2000TilingThatCannotFitTheDataIsRefusedBeforeJj2000AllocatesPerTileTables() throws IOException {
        byte[] timeout = resource("CodecFuzzTestInputs/imageIoJpeg2000/"
                + "timeout-4aa65759569b596e7cb5ad206182b00692d943ed");
        DicomException offGrid = assertTimeoutPreemptively(NO_HANG, () -> decodeJ2k(timeout));
        assertThat(offGrid.getMessage()).contains("does not cover");

        // A valid codestream re-tiled into 1 x 1 tiles: 2560 tiles cannot fit in under 1 KB.
        byte[] valid = resource("CodecFuzzTestInputs/imageIoJpeg2000/seed-compressed_j2k_gray8_lossless");
        byte[] tiny = valid.clone();
        int siz = 2; // SOC, then SIZ
        for (int field : new int[] {siz + 22, siz + 26}) {
            tiny[field] = 0;
            tiny[field + 1] = 0;
            tiny[field + 2] = 0;
            tiny[field + 3] = 1;
        }
        DicomException tooMany = assertTimeoutPreemptively(NO_HANG, () -> decodeJ2k(tiny));
        assertThat(tooMany.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(tooMany.getMessage()).contains("2560 tiles");
    }

    @Test
    void validJpeg2000FixturesStillDecodeThroughThePrecheck() throws Exception {
        for (String name : new String[] {"seed-compressed_j2k_gray8_lossless", "seed-compressed_j2k_rgb8_lossy_q40",
            "seed-compressed_j2k_ct_s16_irreversible", "seed-compressed_encapsulation_ct_s16_j2k_split1000_gdcm"}) {
            byte[] codestream = resource("CodecFuzzTestInputs/imageIoJpeg2000/" + name);

            assertThat(ImageIoDecoders.decodeJpeg2000(codestream, 0, codestream.length, 1 << 20).width())
                    .as(name).isPositive();
        }
    }

    private static DicomException decodeJ2k(byte[] codestream) {
        try {
            ImageIoDecoders.decodeJpeg2000(codestream, 0, codestream.length, 1 << 20);
            return null;
        } catch (DicomException e) {
            return e;
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ReaderHardeningTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] resourceUnchecked(String path) {
        try {
            return resource(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
