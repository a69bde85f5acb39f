package org.reslens.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.reslens.dicom.codec.JpegTestStreams.concat;
import static org.reslens.dicom.codec.JpegTestStreams.eoi;
import static org.reslens.dicom.codec.JpegTestStreams.indexOf;
import static org.reslens.dicom.codec.JpegTestStreams.soi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decodes codestreams written by dcmtk (dcmcjpls), GDCM and libcharls; src/test/fixtures/codec/
 * make-jpegls-fixtures.sh regenerates them and cases.tsv lists them with their originals and, for near-lossless
 * cases, the encoder library's own decode.
 */
class JpegLsDecoderTest {
    private static final String DIR = "/codec/jpegls/";
    private static final long NO_LIMIT = Integer.MAX_VALUE;

    record Case(String name, String codestream, String original, String reference, int width, int height,
            int components, int near, String note) {
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
                cases.add(new Case(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                        Integer.parseInt(f[6]), Integer.parseInt(f[7]), f[8]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesFixtureWithinItsNearLosslessBound(Case c) throws DicomException {
        byte[] stream = resource(c.codestream());
        DecodedImage image = JpegLsDecoder.decode(stream, 0, stream.length, NO_LIMIT);

        assertThat(image.width()).isEqualTo(c.width());
        assertThat(image.height()).isEqualTo(c.height());
        assertThat(image.components()).isEqualTo(c.components());
        int[] original = samples(resource(c.original()), c);
        assertThat(image.bytes() != null).as("8-bit output iff 8-bit original")
                .isEqualTo(original.length == resource(c.original()).length);
        int[] decoded = JpegTestStreams.samples(image);
        if (c.near() == 0) {
            assertThat(decoded).isEqualTo(original);
        } else {
            int worst = 0;
            for (int i = 0; i < decoded.length; i++) {
                worst = Math.max(worst, Math.abs(decoded[i] - original[i]));
            }
            assertThat(worst).as("largest error").isLessThanOrEqualTo(c.near());
            assertThat(decoded).as("same samples as the encoder library's decoder")
                    .isEqualTo(samples(resource(c.reference()), c));
        }
    }

    @Test
    void decodesCodestreamAtAnOffsetInsideALargerArray() throws DicomException {
        byte[] stream = resource("dcmtk-gray8-lossless.jls");
        byte[] padded = new byte[stream.length + 20];
        System.arraycopy(stream, 0, padded, 7, stream.length);
        Arrays.fill(padded, stream.length + 7, padded.length, (byte) 0xEE);

        DecodedImage image = JpegLsDecoder.decode(padded, 7, stream.length, NO_LIMIT);

        assertThat(image.bytes()).isEqualTo(resource("gray8-64x64.raw"));
    }

    @Test
    void everyTruncationFailsAsTruncatedOrStillYieldsTheWholeImage() throws DicomException {
        byte[] stream = resource("dcmtk-ct16-lossless.jls");
        short[] expected = JpegLsDecoder.decode(stream, 0, stream.length, NO_LIMIT).shorts();
        int succeeded = 0;
        for (int length = 0; length < stream.length; length++) {
            try {
                DecodedImage image = JpegLsDecoder.decode(stream, 0, length, NO_LIMIT);
                assertThat(image.shorts()).as("decoded from %d bytes", length).isEqualTo(expected);
                succeeded++;
            } catch (DicomException e) {
                assertThat(e.kind()).as("cut at %d: %s", length, e.getMessage())
                        .isIn(ErrorKind.TRUNCATED, ErrorKind.MALFORMED);
                if (length > 100) {
                    assertThat(e.kind()).as("cut at %d: %s", length, e.getMessage()).isEqualTo(ErrorKind.TRUNCATED);
                }
            }
        }
        // Only the EOI marker (and at most the padding byte before it) may go missing unnoticed.
        assertThat(succeeded).isBetween(1, 3);
    }

    @Test
    void rejectsGarbageAfterSoi() {
        byte[] stream = {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00};
        assertFails(stream, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsDataWithoutSoi() {
        byte[] stream = resource("dcmtk-gray8-lossless.jls");
        assertFails(Arrays.copyOfRange(stream, 2, stream.length), ErrorKind.MALFORMED);
    }

    @Test
    void rejectsHeaderDeclaringMoreSamplesThanAllowedBeforeAllocating() {
        byte[] stream = concat(soi(), sof55(16, 65535, 65535, 4), eoi());
        assertFails(stream, 512L * 512, ErrorKind.MALFORMED);
        assertFails(stream, Long.MAX_VALUE, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsLargeDeclaredImageWithoutDataAsTruncated() {
        byte[] stream = concat(soi(), sof55(8, 2000, 2000, 1), sos(1, 0, 0), new byte[] {0x55, 0x11});
        assertFails(stream, ErrorKind.TRUNCATED);
    }

    @Test
    void rejectsScanBeforeFrameHeader() {
        byte[] stream = concat(soi(), sos(1, 0, 0), new byte[] {0x00}, eoi());
        assertFails(stream, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsSecondFrameHeader() {
        byte[] stream = resource("dcmtk-gray8-lossless.jls");
        byte[] doubled = concat(soi(), sof55(8, 64, 64, 1), Arrays.copyOfRange(stream, 2, stream.length));
        assertFails(doubled, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsEndOfImageBeforeAllComponents() {
        assertFails(concat(soi(), sof55(8, 16, 16, 1), eoi()), ErrorKind.MALFORMED);
        byte[] rgb = resource("dcmtk-rgb8-none.jls");
        int secondScan = indexOf(rgb, new byte[] {(byte) 0xFF, (byte) 0xDA}, indexOf(rgb, sosMarker(), 0) + 2);
        assertFails(concat(Arrays.copyOf(rgb, secondScan), eoi()), ErrorKind.MALFORMED);
    }

    @Test
    void rejectsRestartMarkerOutOfSequence() {
        byte[] stream = resource("charls-ct16-restart4.jls").clone();
        int rst0 = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xD0}, 0);
        stream[rst0 + 1] = (byte) 0xD3;
        assertFails(stream, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsMappingTablesAndOtherPresetTypesAsUnsupported() {
        byte[] mappingTable = {(byte) 0xFF, (byte) 0xF8, 0x00, 0x07, 0x02, 0x01, 0x01, 0x00, 0x00};
        assertFails(concat(soi(), sof55(8, 8, 8, 1), mappingTable, eoi()), ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        byte[] oversize = {(byte) 0xFF, (byte) 0xF8, 0x00, 0x08, 0x04, 0x02, 0x00, 0x10, 0x00, 0x10};
        assertFails(concat(soi(), oversize, sof55(8, 8, 8, 1), eoi()), ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsScanReferringToMappingTable() {
        byte[] stream = concat(soi(), sof55(8, 8, 8, 1), sos(1, 0, 0), eoi());
        int sos = indexOf(stream, sosMarker(), 0);
        stream[sos + 6] = 1; // Tm of the first component
        assertFails(stream, ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsInvalidPresetThresholds() {
        byte[] stream = resource("dcmtk-ct12-custom.jls").clone();
        int lse = indexOf(stream, new byte[] {(byte) 0xFF, (byte) 0xF8}, 0);
        // T1 (offset 7) above T2: T.87 C.2.4.1.1 requires T1 <= T2 <= T3.
        stream[lse + 7] = 0x01;
        stream[lse + 8] = 0x00;
        assertFails(stream, ErrorKind.MALFORMED);
    }

    @Test
    void rejectsOtherJpegProcesses() {
        byte[] sof0 = {(byte) 0xFF, (byte) 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00};
        assertFails(concat(soi(), sof0, eoi()), ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void rejectsUnknownColourTransformAndTransformOnGrayscale() {
        byte[] gray = resource("dcmtk-gray8-lossless.jls");
        byte[] hp1 = {(byte) 0xFF, (byte) 0xE8, 0x00, 0x07, 'm', 'r', 'f', 'x', 1};
        byte[] unknown = {(byte) 0xFF, (byte) 0xE8, 0x00, 0x07, 'm', 'r', 'f', 'x', 9};
        assertFails(concat(soi(), hp1, Arrays.copyOfRange(gray, 2, gray.length)),
                ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        assertFails(concat(soi(), unknown, Arrays.copyOfRange(gray, 2, gray.length)),
                ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
    }

    @Test
    void corruptedScanDataNeverEscapesAsRuntimeException() {
        Random random = new Random(1234);
        String[] names = {"dcmtk-ct16-lossless.jls", "dcmtk-rgb8-sample.jls", "dcmtk-gray8-near2.jls",
            "charls-ct16-restart4.jls", "charls-rgb8-hp3.jls", "charls-rgba8-line.jls", "charls-gray2.jls"};
        for (String name : names) {
            byte[] original = resource(name);
            for (int round = 0; round < 150; round++) {
                byte[] stream = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    stream[random.nextInt(stream.length)] = (byte) random.nextInt(256);
                }
                try {
                    JpegLsDecoder.decode(stream, 0, stream.length, 1 << 20);
                } catch (DicomException expected) {
                    assertThat(expected.offset()).isBetween(-1L, (long) stream.length);
                } catch (RuntimeException e) {
                    fail(name + " round " + round + " threw " + e, e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertFails(byte[] stream, ErrorKind kind) {
        assertFails(stream, NO_LIMIT, kind);
    }

    private static void assertFails(byte[] stream, long maxSamples, ErrorKind kind) {
        assertThatThrownBy(() -> JpegLsDecoder.decode(stream, 0, stream.length, maxSamples))
                .isInstanceOf(DicomException.class)
                .satisfies(e -> assertThat(((DicomException) e).kind()).as(e.getMessage()).isEqualTo(kind));
    }

    private static int[] samples(byte[] raw, Case c) {
        int n = c.width() * c.height() * c.components();
        int[] out = new int[n];
        if (raw.length == n) {
            for (int i = 0; i < n; i++) {
                out[i] = raw[i] & 0xFF;
            }
        } else {
            assertThat(raw.length).isEqualTo(2 * n);
            for (int i = 0; i < n; i++) {
                out[i] = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
            }
        }
        return out;
    }

    private static byte[] sosMarker() {
        return new byte[] {(byte) 0xFF, (byte) 0xDA};
    }

    private static byte[] sof55(int precision, int width, int height, int components) {
        return JpegTestStreams.frameHeader(0xF7, precision, width, height, components);
    }

    private static byte[] sos(int components, int near, int interleave) {
        byte[] s = new byte[2 + 6 + 2 * components];
        s[0] = (byte) 0xFF;
        s[1] = (byte) 0xDA;
        s[3] = (byte) (6 + 2 * components);
        s[4] = (byte) components;
        for (int i = 0; i < components; i++) {
            s[5 + 2 * i] = (byte) (i + 1);
        }
        s[5 + 2 * components] = (byte) near;
        s[6 + 2 * components] = (byte) interleave;
        return s;
    }

    private static byte[] resource(String name) {
        return JpegTestStreams.resource(DIR + name);
    }

    private static InputStream open(String name) {
        return JpegTestStreams.open(DIR + name);
    }
}
