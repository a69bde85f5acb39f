package org.reslens.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Streams made by dcmcjpeg (dcmtk) and pvrg-jpeg, compared with dcmdjpeg's decoding of the same DICOM files; see
 * src/test/fixtures/codec/make-jpeg12-fixtures.py. Malformed inputs are edits of those streams.
 */
class JpegDctDecoderTest {
    private static final String DIR = "/codec/jpeg12/";

    /** One line of cases.txt: a codestream, the image it was made from, its geometry. */
    record Case(String name, String image, int width, int height, int components, int bits) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String text = new String(resource("cases.txt"), StandardCharsets.US_ASCII);
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split(" ")).map(f ->
                new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5])));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesWithinTwoGreyLevelsOfDcmtk(Case c) throws DicomException {
        DecodedImage image = decode(resource(c.name() + ".jpg"));

        assertThat(image.width()).isEqualTo(c.width());
        assertThat(image.height()).isEqualTo(c.height());
        assertThat(image.components()).isEqualTo(c.components());
        assertThat(image.precision()).isEqualTo(c.bits());
        assertThat(image.bytes() == null).isEqualTo(c.bits() > 8);
        assertThat(maxDifference(image, samples(resource(c.name() + ".ref.raw"), c.bits()))).isLessThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reproducesTheIjgArithmeticExactly(Case c) throws DicomException {
        // Same islow IDCT, fancy upsampling and colour tables as libjpeg 6b inside dcmtk: no difference at all.
        DecodedImage image = decode(resource(c.name() + ".jpg"));

        assertThat(maxDifference(image, samples(resource(c.name() + ".ref.raw"), c.bits()))).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        // case, max |decoded - original| (the encoder's loss, 4095 or 255 full scale)
        "ct12_64x64_ext, 16",
        "ct12_99x83_ext_q75, 48",
        "ct12_99x83_pvrg_rst, 260",
        "gray8_61x47_base, 12",
        "gray8_61x47_ext, 12",
        "rgb8_64x48_base444, 28",
        "rgb8_64x48_base422, 100",
        "rgb8_45x37_pvrg420_scans, 100",
        "rgb8_45x37_base411, 100",
        "rgb12_45x37_ext444, 40",
    })
    void staysWithinTheEncodersLossOfTheOriginal(String name, int bound) throws DicomException {
        Case c = cases().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        DecodedImage image = decode(resource(name + ".jpg"));

        assertThat(maxDifference(image, samples(resource(c.image() + ".orig.raw"), c.bits()))).isLessThanOrEqualTo(
                bound);
    }

    @Test
    void fixturesCoverSixteenBitTablesRestartsSubsamplingAndSeparateScans() {
        byte[] rst = resource("ct12_99x83_pvrg_rst.jpg");
        assertThat(rst[segment(rst, 0xDB) + 4] >> 4).as("DQT precision").isEqualTo(1);
        assertThat(count(rst, 0xD0, 0xD7)).as("RST markers").isGreaterThan(1);
        byte[] scans = resource("rgb8_45x37_pvrg420_scans.jpg");
        assertThat(count(scans, 0xDA, 0xDA)).as("scans").isEqualTo(3);
        assertThat(scans[segment(scans, 0xC1) + 11]).as("luma sampling").isEqualTo((byte) 0x22);
        byte[] h2v1 = resource("rgb8_64x48_base422.jpg");
        assertThat(h2v1[segment(h2v1, 0xC0) + 11]).as("luma sampling").isEqualTo((byte) 0x21);
    }

    @Test
    void readsTheFrameHeaderWithoutDecoding() throws DicomException {
        byte[] ct = resource("ct12_64x64_ext.jpg");
        assertThat(JpegDctDecoder.readFrameInfo(ct, 0, ct.length)).isEqualTo(new JpegFrameInfo(0xC1, 12, 64, 64, 1));

        byte[] rgb = resource("rgb8_45x37_base422.jpg");
        JpegFrameInfo info = JpegDctDecoder.readFrameInfo(rgb, 0, rgb.length);
        assertThat(info).isEqualTo(new JpegFrameInfo(0xC0, 8, 45, 37, 3));
        assertThat(info.isSequentialHuffmanDct()).isTrue();
    }

    @Test
    void routesProgressiveAndLosslessStreamsElsewhere() throws DicomException {
        byte[] progressive = resource("gray8_61x47_progressive.jpg");
        JpegFrameInfo p = JpegDctDecoder.readFrameInfo(progressive, 0, progressive.length);
        assertThat(p.sofMarker()).isEqualTo(0xC2);
        assertThat(p.isProgressive()).isTrue();
        assertThat(failure(progressive).kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        assertThat(failure(progressive)).hasMessageContaining("SOF2");

        byte[] lossless = resource("ct12_64x64_lossless.jpg");
        JpegFrameInfo l = JpegDctDecoder.readFrameInfo(lossless, 0, lossless.length);
        assertThat(l.sofMarker()).isEqualTo(0xC3);
        assertThat(l.isLossless()).isTrue();
        assertThat(l.isSequentialHuffmanDct()).isFalse();
        assertThat(failure(lossless).kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        assertThat(failure(lossless)).hasMessageContaining("SOF3");
    }

    @Test
    void decodesAStreamInsideALargerBuffer() throws DicomException {
        byte[] jpg = resource("ct12_64x64_ext.jpg");
        byte[] buffer = new byte[jpg.length + 300];
        Arrays.fill(buffer, (byte) 0xFF);
        System.arraycopy(jpg, 0, buffer, 100, jpg.length);

        DecodedImage image = JpegDctDecoder.decode(buffer, 100, jpg.length, 64 * 64);

        assertThat(image.shorts()).isEqualTo(decode(jpg).shorts());
    }

    @Test
    void toleratesAMissingEoi() throws DicomException {
        byte[] jpg = resource("ct12_99x83_pvrg_rst.jpg");
        assertThat(jpg[jpg.length - 1]).isEqualTo((byte) 0xD9);

        DecodedImage image = decode(Arrays.copyOf(jpg, jpg.length - 2));

        assertThat(image.shorts()).isEqualTo(decode(jpg).shorts());
    }

    @Test
    void skipsCommentsApplicationSegmentsAndFillBytes() throws DicomException {
        byte[] jpg = resource("rgb8_64x48_base422.jpg");
        int sos = segment(jpg, 0xDA);
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        edited.write(jpg, 0, 2);
        edited.writeBytes(bytes(0xFF, 0xFE, 0, 7, 'h', 'e', 'l', 'l', 'o')); // COM
        edited.writeBytes(bytes(0xFF, 0xE3, 0, 4, 1, 2)); // APP3
        edited.write(jpg, 2, sos - 2);
        edited.writeBytes(bytes(0xFF, 0xFF, 0xFF)); // fill bytes before the SOS marker
        edited.write(jpg, sos, jpg.length - sos);

        assertThat(decode(edited.toByteArray()).bytes()).isEqualTo(decode(jpg).bytes());
    }

    @Test
    void keepsComponentsAsCodedWhenAdobeSaysNoTransform() throws DicomException {
        byte[] jfif = resource("rgb8_64x48_base444.jpg");
        byte[] noJfif = withoutSegment(jfif, 0xE0);
        byte[] adobe = insertAfterSoi(noJfif,
                bytes(0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0));
        DecodedImage rgb = decode(jfif);

        DecodedImage ycc = decode(adobe);

        // Without JFIF and Adobe markers, ids 1, 2, 3 still mean YCbCr.
        assertThat(decode(noJfif).bytes()).isEqualTo(rgb.bytes());
        for (int i = 0; i < rgb.width() * rgb.height(); i++) {
            double luma = 0.299 * rgb.sample(3 * i) + 0.587 * rgb.sample(3 * i + 1) + 0.114 * rgb.sample(3 * i + 2);
            assertThat((double) ycc.sample(3 * i)).isCloseTo(luma, within(2.0));
        }
        // Component ids 'R', 'G', 'B' say the same as Adobe transform 0.
        byte[] rgbIds = renameComponents(noJfif, new int[] {1, 2, 3}, new int[] {'R', 'G', 'B'});
        assertThat(decode(rgbIds).bytes()).isEqualTo(ycc.bytes());
    }

    @Test
    void reportsATruncatedScanAsTruncated() {
        byte[] jpg = resource("ct12_64x64_ext.jpg");
        int cut = jpg.length * 2 / 3;

        DicomException e = failure(Arrays.copyOf(jpg, cut));

        assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
        assertThat(e.offset()).isEqualTo(cut);
    }

    @Test
    void reportsAScanCutShortByAMarker() {
        byte[] jpg = resource("ct12_64x64_ext.jpg");
        byte[] cut = Arrays.copyOf(jpg, jpg.length * 2 / 3 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        if (cut[cut.length - 3] == (byte) 0xFF) {
            cut[cut.length - 3] = 0; // do not leave half a stuffed byte pair
        }

        assertThat(failure(cut).kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    @Test
    void rejectsAScanWithoutItsHuffmanTables() {
        DicomException e = failure(withoutSegment(resource("ct12_64x64_ext.jpg"), 0xC4));

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e).hasMessageContaining("DHT");
    }

    @Test
    void rejectsAScanWithoutItsQuantisationTable() {
        DicomException e = failure(withoutSegment(resource("ct12_64x64_ext.jpg"), 0xDB));

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e).hasMessageContaining("DQT");
    }

    @Test
    void rejectsAHugeDeclaredSizeBeforeAllocating() {
        byte[] jpg = resource("ct12_64x64_ext.jpg");
        int sof = segment(jpg, 0xC1);
        jpg[sof + 5] = jpg[sof + 7] = (byte) 0x9C; // 40000 x 40000
        jpg[sof + 6] = jpg[sof + 8] = (byte) 0x40;

        DicomException overBudget = catchThrowableOfType(DicomException.class,
                () -> JpegDctDecoder.decode(jpg, 0, jpg.length, 64 * 64));
        assertThat(overBudget.kind()).isEqualTo(ErrorKind.MALFORMED);
        // Even with no budget from the caller, 3.5 KB of data cannot hold 1.6 billion samples.
        assertThat(failure(jpg).kind()).isEqualTo(ErrorKind.TRUNCATED);
    }

    @Test
    void rejectsAWrongRestartMarker() {
        byte[] jpg = resource("ct12_99x83_pvrg_rst.jpg");
        int rst = find(jpg, 0xD0, segment(jpg, 0xDA));
        jpg[rst + 1] = (byte) 0xD3;

        DicomException e = failure(jpg);

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.offset()).isEqualTo(rst);
    }

    @Test
    void rejectsHuffmanCodeLengthsThatOverflow() {
        byte[] jpg = resource("ct12_64x64_ext.jpg");
        int dht = segment(jpg, 0xC4);
        jpg[dht + 5] = 2; // two codes of length 1 leave no room for the longer codes that follow
        jpg[dht + 6] = 0;

        assertThat(failure(jpg).kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    @Test
    void rejectsGarbageAndEmptyInput() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        assertThat(failure(garbage).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(failure(new byte[0]).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(failure(bytes(0xFF, 0xD8)).kind()).isEqualTo(ErrorKind.TRUNCATED);
        assertThat(failure(bytes(0xFF, 0xD8, 0xFF, 0xD9)).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThatThrownBy(() -> JpegDctDecoder.readFrameInfo(garbage, 0, garbage.length))
                .isInstanceOf(DicomException.class);
    }

    @Test
    void survivesRandomCorruptionWithDicomExceptionsOnly() {
        // Every outcome must be an image or a DicomException: no runtime exception, no hang.
        Random random = new Random(7);
        for (String name : List.of("ct12_99x83_pvrg_rst", "rgb8_45x37_pvrg420_scans", "rgb8_64x48_base422",
                "gray8_61x47_ext")) {
            byte[] original = resource(name + ".jpg");
            for (int trial = 0; trial < 400; trial++) {
                byte[] mutant = original.clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    mutant = Arrays.copyOf(mutant, random.nextInt(mutant.length));
                }
                try {
                    JpegDctDecoder.decode(mutant, 0, mutant.length, 1 << 20);
                } catch (DicomException expected) {
                    assertThat(expected.kind()).isNotNull();
                }
            }
        }
    }

    /**
     * Speed check, not a unit test: {@code java ... JpegDctDecoderTest FILE.jpg} decodes FILE repeatedly and prints
     * output MB/s (2 bytes per 12-bit sample). The fixture script's {@code --bench DIR} makes a 512x512 12-bit one.
     */
    public static void main(String[] args) throws Exception {
        byte[] jpg = Files.readAllBytes(Path.of(args[0]));
        DecodedImage image = null;
        for (int i = 0; i < 300; i++) {
            image = JpegDctDecoder.decode(jpg, 0, jpg.length, Long.MAX_VALUE);
        }
        // Thread CPU time rather than wall time: the build machines are shared, and wall time measures the others.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int iterations = 1000;
        long wallStart = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            image = JpegDctDecoder.decode(jpg, 0, jpg.length, Long.MAX_VALUE);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long outputBytes = (long) image.width() * image.height() * image.components() * (image.precision() > 8 ? 2 : 1);
        System.out.printf("%dx%dx%d, %d bits, %d input bytes: %.2f ms CPU per decode, %.0f MB/s of output"
                + " (%.0f MB/s by wall clock)%n", image.width(), image.height(), image.components(), image.precision(),
                jpg.length, cpu * 1e3 / iterations, outputBytes * iterations / cpu / 1e6,
                outputBytes * iterations / wall / 1e6);
    }

    // ------------------------------------------------------------------ helpers

    private static DecodedImage decode(byte[] jpg) throws DicomException {
        return JpegDctDecoder.decode(jpg, 0, jpg.length, Long.MAX_VALUE);
    }

    private static DicomException failure(byte[] jpg) {
        DicomException e = catchThrowableOfType(DicomException.class, () -> decode(jpg));
        assertThat(e).as("expected a DicomException").isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) jpg.length);
        return e;
    }

    private static int maxDifference(DecodedImage image, int[] expected) {
        assertThat(expected).hasSize(image.width() * image.height() * image.components());
        int max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(image.sample(i) - expected[i]));
        }
        return max;
    }

    /** Raw samples as the fixture script stores them: uint8, or little-endian uint16 above 8 bits. */
    private static int[] samples(byte[] raw, int bits) {
        if (bits <= 8) {
            int[] s = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                s[i] = raw[i] & 0xFF;
            }
            return s;
        }
        int[] s = new int[raw.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        }
        return s;
    }

    private static byte[] resource(String name) {
        try (InputStream in = JpegDctDecoderTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Header segments (SOI up to and including the first SOS) as {marker, start, end}. */
    private static List<int[]> headerSegments(byte[] jpg) {
        List<int[]> segments = new ArrayList<>();
        int p = 2;
        while (p + 4 <= jpg.length) {
            int marker = jpg[p + 1] & 0xFF;
            int end = p + 2 + ((jpg[p + 2] & 0xFF) << 8 | (jpg[p + 3] & 0xFF));
            segments.add(new int[] {marker, p, end});
            if (marker == 0xDA) {
                break;
            }
            p = end;
        }
        return segments;
    }

    private static int segment(byte[] jpg, int marker) {
        return headerSegments(jpg).stream().filter(s -> s[0] == marker).findFirst().orElseThrow()[1];
    }

    private static byte[] withoutSegment(byte[] jpg, int marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpg, 0, 2);
        int last = 2;
        for (int[] s : headerSegments(jpg)) {
            if (s[0] != marker) {
                out.write(jpg, s[1], s[2] - s[1]);
            }
            last = s[2];
        }
        out.write(jpg, last, jpg.length - last);
        return out.toByteArray();
    }

    private static byte[] insertAfterSoi(byte[] jpg, byte[] segment) {
        byte[] out = new byte[jpg.length + segment.length];
        System.arraycopy(jpg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpg, 2, out, 2 + segment.length, jpg.length - 2);
        return out;
    }

    /** Changes component ids in the SOF0 and SOS headers. */
    private static byte[] renameComponents(byte[] jpg, int[] from, int[] to) {
        byte[] out = jpg.clone();
        int sof = segment(out, 0xC0);
        int sos = segment(out, 0xDA);
        for (int i = 0; i < from.length; i++) {
            for (int p : new int[] {sof + 10 + 3 * i, sos + 5 + 2 * i}) {
                assertThat(out[p] & 0xFF).isEqualTo(from[i]);
                out[p] = (byte) to[i];
            }
        }
        return out;
    }

    private static int count(byte[] jpg, int low, int high) {
        int n = 0;
        for (int p = find(jpg, low, high, 2); p >= 0; p = find(jpg, low, high, p + 2)) {
            n++;
        }
        return n;
    }

    private static int find(byte[] jpg, int marker, int from) {
        return find(jpg, marker, marker, from);
    }

    private static int find(byte[] jpg, int low, int high, int from) {
        for (int p = from; p + 1 < jpg.length; p++) {
            int m = jpg[p + 1] & 0xFF;
            if (jpg[p] == (byte) 0xFF && m >= low && m <= high) {
                return p;
            }
        }
        return -1;
    }
}
