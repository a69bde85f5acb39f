package org.reslens.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.reslens.dicom.codec.JpegTestStreams.concat;
import static org.reslens.dicom.codec.JpegTestStreams.eoi;
import static org.reslens.dicom.codec.JpegTestStreams.indexOf;
import static org.reslens.dicom.codec.JpegTestStreams.samples;
import static org.reslens.dicom.codec.JpegTestStreams.soi;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decodes lossless JPEG codestreams written by dcmtk (dcmcjpeg), GDCM (gdcmconv) and PVRG;
 * src/test/fixtures/codec/make-jpeg-lossless-fixtures.sh regenerates them and cases.tsv lists them with the
 * samples expected: the original image, or with a point transform dcmdjpeg's decoding.
 */
class JpegLosslessDecoderTest {
    private static final String DIR = "/codec/jpeg-lossless/";
    private static final long NO_LIMIT = Integer.MAX_VALUE;

    record Case(String name, String codestream, String expected, int width, int height, int components,
            int precision, int predictor, int pointTransform, String note) {
        @Override
        public String toString() {
            return name + " (" + note + ")";
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open("cases.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                cases.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                        Integer.parseInt(f[8]), f[9]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesFixtureExactly(Case c) throws DicomException {
        DecodedImage image = decode(resource(c.codestream()));

        assertThat(image.width()).isEqualTo(c.width());
        assertThat(image.height()).isEqualTo(c.height());
        assertThat(image.components()).isEqualTo(c.components());
        assertThat(image.precision()).isEqualTo(c.precision());
        assertThat(image.bytes() != null).as("8-bit output iff precision <= 8").isEqualTo(c.precision() <= 8);
        assertThat(samples(image)).isEqualTo(expected(c));
    }

    /**
     * TwelveMonkeys 3.14, the decoder this one replaces, is the reference wherever it decodes a fixture right. It
     * does not for these (their expected samples are the original image, which dcmdjpeg also reproduces): it
     * mishandles restart intervals (on the first line after a restart marker it keeps the scan's predictor instead
     * of starting afresh as T.81 H.1.2.1 says), returns only the first component of a frame coded in several
     * scans, and refuses some precisions (2, 5 and 15 here).
     */
    private static final Map<String, String> TWELVEMONKEYS_WRONG = Map.of(
            "dcmtk_ct16s_sv1_rst2", "restart", "dcmtk_rgb8_sv3_rst4", "restart",
            "pvrg_ct12_sv4_rst1", "restart", "pvrg_ct12_sv5_pt1_rst3", "restart",
            "pvrg_rgb8_sv5_scans_rst2", "restart and several scans", "pvrg_rgb8_sv1_scans", "several scans",
            "pvrg_cmyk8_sv5_scans", "several scans", "pvrg_gray2_sv1", "precision 2",
            "pvrg_gray5_sv4", "precision 5", "pvrg_gray15_sv1", "precision 15");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTwelveMonkeys(Case c) throws DicomException {
        assumeTrue(!TWELVEMONKEYS_WRONG.containsKey(c.name()),
                () -> "TwelveMonkeys gets this wrong: " + TWELVEMONKEYS_WRONG.get(c.name()));
        byte[] stream = resource(c.codestream());
        DecodedImage ours = decode(stream);
        DecodedImage theirs = ImageIoDecoders.decodeJpeg(stream, 0, stream.length, NO_LIMIT);

        assertThat(theirs.width()).isEqualTo(ours.width());
        assertThat(theirs.height()).isEqualTo(ours.height());
        assertThat(theirs.components()).isEqualTo(ours.components());
        assertThat(samples(ours)).isEqualTo(samples(theirs));
    }

    @Test
    void twelveMonkeysIsNoReferenceForRestartsSeveralScansAndUnusualPrecisions() throws DicomException {
        List<Case> wrong = cases().filter(c -> TWELVEMONKEYS_WRONG.containsKey(c.name())).toList();
        assertThat(wrong).hasSize(TWELVEMONKEYS_WRONG.size());
        for (Case c : wrong) {
            byte[] stream = resource(c.codestream());
            assertThat(samples(decode(stream))).as(c.name()).isEqualTo(expected(c));
            try {
                DecodedImage theirs = ImageIoDecoders.decodeJpeg(stream, 0, stream.length, NO_LIMIT);
                assertThat(theirs.components() == c.components() && Arrays.equals(samples(theirs), expected(c)))
                        .as("TwelveMonkeys now decodes %s right: drop it from TWELVEMONKEYS_WRONG", c.name())
                        .isFalse();
            } catch (DicomException refused) {
                assertThat(refused).hasMessageContaining("not supported");
            }
        }
    }

    @Test
    void decodesCodestreamAtAnOffsetInsideALargerArray() throws DicomException {
        byte[] stream = resource("dcmtk_ct16s_sv1.jpg");
        byte[] padded = new byte[stream.length + 20];
        System.arraycopy(stream, 0, padded, 7, stream.length);
        Arrays.fill(padded, stream.length + 7, padded.length, (byte) 0xEE);

        DecodedImage image = JpegLosslessDecoder.decode(padded, 7, stream.length, NO_LIMIT);

        assertThat(samples(image)).isEqualTo(littleEndian16(resource("ct16s_64x48.raw")));
    }

    @Test
    void skipsFillBytesBeforeRestartMarkersAndEndOfImage() throws DicomException {
        byte[] stream = resource("dcmtk_ct16s_sv1_rst2.jpg");
        ByteArrayOutputStream filled = new ByteArrayOutputStream();
        int sos = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xDA}, 0);
        filled.write(stream, 0, sos);
        for (int i = sos; i < stream.length; i++) {
            int next = i + 1 < stream.length ? stream[i + 1] & 0xFF : 0;
            if (stream[i] == (byte) 0xFF && (next == 0xD9 || (next >= 0xD0 && next <= 0xD7))) {
                filled.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 0, 3);
            }
            filled.write(stream[i]);
        }
        byte[] withFill = filled.toByteArray();
        assertThat(withFill.length).isGreaterThan(stream.length + 3 * 23);

        assertThat(samples(decode(withFill))).isEqualTo(littleEndian16(resource("ct16s_64x48.raw")));
    }

    @Test
    void toleratesMissingEndOfImage() throws DicomException {
        for (String name : List.of("dcmtk_ct16s_sv1.jpg", "pvrg_rgb8_sv1_scans.jpg")) {
            byte[] stream = resource(name);
            assertThat(Arrays.copyOfRange(stream, stream.length - 2, stream.length))
                    .containsExactly(0xFF, 0xD9);
            byte[] cut = Arrays.copyOf(stream, stream.length - 2);

            assertThat(samples(decode(cut))).as(name).isEqualTo(samples(decode(stream)));
        }
    }

    @Test
    void everyTruncationFailsAsTruncatedOrStillYieldsTheWholeImage() throws DicomException {
        for (String name : List.of("dcmtk_ct16s_sv1.jpg", "dcmtk_rgb8_sv3_rst4.jpg", "pvrg_rgb8_sv1_scans.jpg")) {
            byte[] stream = resource(name);
            int[] expected = samples(decode(stream));
            int succeeded = 0;
            for (int length = 0; length < stream.length; length++) {
                try {
                    DecodedImage image = JpegLosslessDecoder.decode(stream, 0, length, NO_LIMIT);
                    assertThat(samples(image)).as("%s decoded from %d bytes", name, length).isEqualTo(expected);
                    succeeded++;
                } catch (DicomException e) {
                    assertThat(e.kind()).as("%s cut at %d: %s", name, length, e.getMessage())
                            .isIn(ErrorKind.TRUNCATED, ErrorKind.MALFORMED);
                    assertThat(e.offset()).isBetween(0L, (long) length);
                }
            }
            // Only the EOI marker (and at most one padding byte of the last one) may go missing unnoticed.
            assertThat(succeeded).as(name).isBetween(1, 3);
        }
    }

    @Test
    void cutInsideScanDataIsTruncated() {
        byte[] stream = resource("dcmtk_ct16s_sv1.jpg");
        DicomException e = failure(Arrays.copyOf(stream, stream.length / 2));
        assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
    }

    @Test
    void rejectsDataWithoutSoi() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg");
        assertThat(failure(Arrays.copyOfRange(stream, 2, stream.length)).kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    @Test
    void rejectsGarbage() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        assertThat(failure(garbage).kind()).isEqualTo(ErrorKind.MALFORMED);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        for (int i = 2; i < garbage.length; i++) {
            if (garbage[i] == (byte) 0xFF) {
                garbage[i] = 0x12; // no marker at all after the SOI
            }
        }
        assertThat(failure(garbage).kind()).isEqualTo(ErrorKind.TRUNCATED);
    }

    @Test
    void rejectsHeaderDeclaringMoreSamplesThanAllowedBeforeAllocating() {
        byte[] stream = concat(soi(), sof3(16, 65535, 65535, 4), eoi());
        assertThat(failure(stream, 512L * 512).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(failure(stream, Long.MAX_VALUE).kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsLargeDeclaredImageWithoutDataAsTruncated() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg").clone();
        int sof = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xC3}, 0);
        stream[sof + 5] = (byte) 0x7F; // height 0x7F25: 1.4 million samples in about a thousand bytes
        assertThat(failure(stream, Long.MAX_VALUE).kind()).isEqualTo(ErrorKind.TRUNCATED);
    }

    @Test
    void rejectsHuffmanTableWhoseCodeLengthsOverflow() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg").clone();
        int dht = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xC4}, 0);
        stream[dht + 5] = 3; // three codes of length 1
        assertThat(failure(stream).kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    @Test
    void rejectsDifferenceCategoryAbove16() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg").clone();
        int dht = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xC4}, 0);
        int codes = 0;
        for (int length = 1; length <= 16; length++) {
            codes += stream[dht + 4 + length] & 0xFF;
        }
        for (int k = 0; k < codes; k++) {
            stream[dht + 21 + k] = 17; // every symbol: a category no difference has
        }
        DicomException e = failure(stream);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e).hasMessageContaining("category");
    }

    @Test
    void rejectsScanUsingUndefinedHuffmanTable() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg").clone();
        int sos = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xDA}, 0);
        stream[sos + 6] = 0x20; // Td = 2
        assertThat(failure(stream).kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    @Test
    void rejectsInvalidPredictorAndPointTransform() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg");
        int sos = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xDA}, 0);
        for (int[] change : new int[][] {{7, 0}, {7, 8}, {9, 8}, {9, 0x10}}) {
            byte[] bad = stream.clone();
            bad[sos + change[0]] = (byte) change[1];
            assertThat(failure(bad).kind()).as("byte %d = %d", change[0], change[1]).isEqualTo(ErrorKind.MALFORMED);
        }
    }

    @Test
    void rejectsRestartMarkerOutOfSequence() {
        byte[] stream = resource("dcmtk_ct16s_sv1_rst2.jpg").clone();
        int rst1 = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xD1}, 0);
        stream[rst1 + 1] = (byte) 0xD5;
        DicomException e = failure(stream);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.offset()).isEqualTo(rst1);
    }

    @Test
    void rejectsRestartIntervalThatIsNotWholeLines() {
        byte[] stream = resource("dcmtk_ct16s_sv1_rst2.jpg").clone();
        int dri = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xDD}, 0);
        stream[dri + 5] = 100; // 100 samples, the line has 64
        assertThat(failure(stream).kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsEndOfImageBeforeAllComponents() {
        byte[] rgb = resource("pvrg_rgb8_sv1_scans.jpg");
        int firstScan = indexOf(rgb, new byte[] {(byte) 0xFF, (byte) 0xDA}, 0);
        int endOfFirstScan = JpegDctScan.findMarker(rgb, firstScan + 2 + ((rgb[firstScan + 2] & 0xFF) << 8)
                + (rgb[firstScan + 3] & 0xFF), rgb.length);
        byte[] stream = concat(Arrays.copyOf(rgb, endOfFirstScan), eoi());
        DicomException e = failure(stream);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.offset()).isEqualTo(endOfFirstScan);
    }

    @Test
    void rejectsOtherJpegProcessesByName() {
        byte[] stream = resource("dcmtk_gray8_sv1.jpg").clone();
        int sof = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xC3}, 0);
        for (int marker : new int[] {0xC0, 0xC1, 0xC2, 0xC7, 0xCB}) {
            stream[sof + 1] = (byte) marker;
            DicomException e = failure(stream);
            assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
            assertThat(e).hasMessageContaining("SOF" + (marker - 0xC0));
        }
    }

    @Test
    void rejectsUnequalSamplingFactors() {
        byte[] stream = resource("dcmtk_rgb8_sv1.jpg").clone();
        int sof = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xC3}, 0);
        stream[sof + 11] = 0x21;
        assertThat(failure(stream).kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void corruptedStreamsNeverEscapeAsRuntimeException() {
        Random random = new Random(1234);
        String[] names = {"dcmtk_ct16s_sv1.jpg", "dcmtk_ct16s_sv1_rst2.jpg", "dcmtk_rgb8_sv5_pt1.jpg",
            "pvrg_rgb8_sv5_scans_rst2.jpg", "pvrg_gray2_sv1.jpg", "dcmtk_ct16s_sv6.jpg"};
        for (String name : names) {
            byte[] original = resource(name);
            for (int round = 0; round < 300; round++) {
                byte[] stream = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    stream[random.nextInt(stream.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    stream = Arrays.copyOf(stream, random.nextInt(stream.length));
                }
                try {
                    DecodedImage image = JpegLosslessDecoder.decode(stream, 0, stream.length, 1 << 20);
                    int max = 1 << image.precision();
                    for (int i = 0; i < image.width() * image.height() * image.components(); i++) {
                        assertThat(image.sample(i)).isLessThan(max);
                    }
                } catch (DicomException expected) {
                    assertThat(expected.offset()).isBetween(-1L, (long) stream.length);
                } catch (RuntimeException e) {
                    fail(name + " round " + round + " threw " + e, e);
                }
            }
        }
    }

    /**
     * Speed check, not a unit test: {@code java ... JpegLosslessDecoderTest FILE.jpg [twelvemonkeys]} decodes FILE
     * repeatedly and prints output MB/s by thread CPU time. The fixture script's {@code --bench DIR} makes a
     * 512x512 16-bit CT slice coded by dcmcjpeg +e1.
     */
    public static void main(String[] args) throws Exception {
        byte[] jpg = Files.readAllBytes(Path.of(args[0]));
        boolean twelveMonkeys = args.length > 1 && args[1].equals("twelvemonkeys");
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        DecodedImage image = null;
        for (int i = 0; i < iterations / 3; i++) {
            image = twelveMonkeys ? ImageIoDecoders.decodeJpeg(jpg, 0, jpg.length, Long.MAX_VALUE)
                    : JpegLosslessDecoder.decode(jpg, 0, jpg.length, Long.MAX_VALUE);
        }
        // Thread CPU time rather than wall time: the build machines are shared, and wall time measures the others.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wallStart = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            image = twelveMonkeys ? ImageIoDecoders.decodeJpeg(jpg, 0, jpg.length, Long.MAX_VALUE)
                    : JpegLosslessDecoder.decode(jpg, 0, jpg.length, Long.MAX_VALUE);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long outputBytes = (long) image.width() * image.height() * image.components() * (image.precision() > 8 ? 2 : 1);
        System.out.printf("%s: %dx%dx%d, %d bits, %d input bytes: %.3f ms CPU per decode, %.0f MB/s of output"
                + " (%.0f MB/s by wall clock)%n", twelveMonkeys ? "TwelveMonkeys" : "JpegLosslessDecoder",
                image.width(), image.height(), image.components(), image.precision(), jpg.length,
                cpu * 1e3 / iterations, outputBytes * iterations / cpu / 1e6, outputBytes * iterations / wall / 1e6);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static DecodedImage decode(byte[] stream) throws DicomException {
        return JpegLosslessDecoder.decode(stream, 0, stream.length, NO_LIMIT);
    }

    private static DicomException failure(byte[] stream) {
        return failure(stream, NO_LIMIT);
    }

    private static DicomException failure(byte[] stream, long maxSamples) {
        DicomException e = catchThrowableOfType(DicomException.class,
                () -> JpegLosslessDecoder.decode(stream, 0, stream.length, maxSamples));
        assertThat(e).as("expected a DicomException").isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) stream.length);
        return e;
    }

    private static int[] expected(Case c) {
        byte[] raw = resource(c.expected());
        int n = c.width() * c.height() * c.components();
        if (raw.length == n) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = raw[i] & 0xFF;
            }
            return out;
        }
        assertThat(raw.length).isEqualTo(2 * n);
        return littleEndian16(raw);
    }

    private static int[] littleEndian16(byte[] raw) {
        int[] out = new int[raw.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        }
        return out;
    }

    private static byte[] sof3(int precision, int width, int height, int components) {
        return JpegTestStreams.frameHeader(0xC3, precision, width, height, components);
    }

    private static byte[] resource(String name) {
        return JpegTestStreams.resource(DIR + name);
    }

    private static InputStream open(String name) {
        return JpegTestStreams.open(DIR + name);
    }
}
