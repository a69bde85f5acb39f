package org.reslens.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decodes codestreams written by GDCM (gdcmconv --j2k) and OpenJPEG (opj_compress);
 * src/test/fixtures/codec/make-j2k-fixtures.sh regenerates them and cases.tsv lists each with its reference:
 * the source samples for lossless cases, opj_decompress's output for lossy ones (tolerance 1).
 */
class J2kDecoderTest {
    private static final String DIR = "/codec/j2k/";

    record Case(String file, String reference, int width, int height, int components, int bits, boolean signed,
                int tolerance, String madeBy) {
        @Override
        public String toString() {
            return file + " (" + madeBy + ")";
        }
    }

    static Stream<Case> cases() {
        List<Case> list = new ArrayList<>();
        try (InputStream in = J2kDecoderTest.class.getResourceAsStream(DIR + "cases.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                list.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6].equals("s"), Integer.parseInt(f[7]),
                        f[8]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesLikeTheReference(Case c) throws Exception {
        byte[] data = resource(c.file());
        DecodedImage img = J2kDecoder.decode(data, 0, data.length, (long) c.width() * c.height() * c.components());

        assertThat(img.width()).isEqualTo(c.width());
        assertThat(img.height()).isEqualTo(c.height());
        assertThat(img.components()).isEqualTo(c.components());
        assertThat(img.precision()).isEqualTo(c.bits());
        int[] expected = reference(c);
        int worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs(signedValue(img.sample(i), c) - expected[i]);
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
        }
        if (worst > c.tolerance()) {
            fail(c.file() + ": sample " + worstAt + " is " + signedValue(img.sample(worstAt), c) + ", expected "
                    + expected[worstAt] + " (max difference " + worst + ", allowed " + c.tolerance() + ")");
        }
    }

    /**
     * jai-imageio (JJ2000) as a third opinion: identical on lossless codestreams, within 1 on lossy ones. Not on
     * images whose origin is offset on the reference grid (opj_compress -d): there jai-imageio's samples match
     * neither the source nor OpenJPEG, while ours match both; nor on packed packet headers, which our jai-imageio
     * route refuses (Jpeg2000Precheck).
     */
    @ParameterizedTest
    @MethodSource("cases")
    void agreesWithJaiImageio(Case c) throws Exception {
        assumeFalse(c.madeBy().contains(" -d "), "jai-imageio misplaces images with an offset origin");
        assumeFalse(c.madeBy().contains(" into PP"), "the jai-imageio route refuses PPM/PPT");
        byte[] data = resource(c.file());
        long max = (long) c.width() * c.height() * c.components();
        DecodedImage ours = J2kDecoder.decode(data, 0, data.length, max);
        DecodedImage jai = ImageIoDecoders.decodeJpeg2000(data, 0, data.length, max);
        int worst = 0;
        for (int i = 0; i < max; i++) {
            worst = Math.max(worst, Math.abs(signedValue(ours.sample(i), c) - signedValue(jai.sample(i), c)));
        }
        assertThat(worst).as("largest difference from jai-imageio").isLessThanOrEqualTo(c.tolerance());
    }

    /** The fixtures are below the size where code-blocks go to the fork/join pool; force it and compare. */
    @ParameterizedTest
    @MethodSource("cases")
    void decodesCodeBlocksInParallelLikeSequentially(Case c) throws Exception {
        byte[] data = resource(c.file());
        long max = (long) c.width() * c.height() * c.components();
        DecodedImage parallel = J2kDecoder.decode(data, 0, data.length, max, 0);
        DecodedImage sequential = J2kDecoder.decode(data, 0, data.length, max, Integer.MAX_VALUE);
        for (int i = 0; i < max; i++) {
            if (parallel.sample(i) != sequential.sample(i)) {
                fail(c.file() + ": sample " + i + " differs between parallel and sequential decoding");
            }
        }
    }

    @Test
    void decodesOffsetSlicesOfALargerBuffer() throws Exception {
        byte[] data = resource("gdcm-ct16s.j2k");
        byte[] padded = new byte[data.length + 7];
        System.arraycopy(data, 0, padded, 5, data.length);
        DecodedImage a = J2kDecoder.decode(data, 0, data.length, 96 * 96);
        DecodedImage b = J2kDecoder.decode(padded, 5, data.length, 96 * 96);
        assertThat(b.shorts()).isEqualTo(a.shorts());
    }

    @Test
    void refusesADeclaredSizeBeyondTheCallersBound() {
        byte[] data = resource("gdcm-ct16s.j2k");
        assertThatThrownBy(() -> J2kDecoder.decode(data, 0, data.length, 96 * 95))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
    }

    @Test
    void refusesHugeDeclaredSizeWithoutAllocatingIt() {
        byte[] data = resource("gdcm-ct16s.j2k").clone();
        // Xsiz = Ysiz = 60000
        data[8] = 0;
        data[9] = 0;
        data[10] = (byte) 0xEA;
        data[11] = 0x60;
        data[12] = 0;
        data[13] = 0;
        data[14] = (byte) 0xEA;
        data[15] = 0x60;
        assertThatThrownBy(() -> J2kDecoder.decode(data, 0, data.length, 512 * 512))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
    }

    @Test
    void refusesATruncatedCodestreamAsTruncated() {
        byte[] data = resource("opj-mr12-layers.j2k");
        for (int cut : new int[] {data.length - 3, data.length / 2, 200}) {
            assertThatThrownBy(() -> J2kDecoder.decode(data, 0, cut, 97 * 75))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(DicomException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED));
        }
    }

    @Test
    void refusesGarbage() {
        byte[] garbage = new byte[500];
        new Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> J2kDecoder.decode(garbage, 0, garbage.length, 1 << 20))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
    }

    @Test
    void refusesHtj2kAsUnsupportedNamingIt() {
        byte[] data = resource("gdcm-ct16s.j2k").clone();
        data[6] = 0x40; // Rsiz: Part 15 capabilities
        assertThatThrownBy(() -> J2kDecoder.decode(data, 0, data.length, 96 * 96))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
                    assertThat(e.getMessage()).contains("HTJ2K");
                });
    }

    /** Every prefix and many corrupted copies end in a DicomException or an image, never anything else. */
    @Test
    void survivesCorruptionWithOnlyDicomExceptions() {
        Random rnd = new Random(20250314);
        for (String name : new String[] {"gdcm-ct16s-tiles.j2k", "opj-rgb8-pcrl.j2k", "opj-ct16s-mode63.j2k",
            "opj-ct16s-sop-eph.j2k", "opj-ct16s-sop-eph-ppm.j2k", "opj-ct16s-irrev-layers.j2k"}) {
            byte[] data = resource(name);
            for (int cut = 0; cut < data.length; cut += 1 + data.length / 97) {
                tryDecode(data, cut);
            }
            for (int i = 0; i < 150; i++) {
                byte[] bad = data.clone();
                int n = 1 + rnd.nextInt(4);
                for (int k = 0; k < n; k++) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
                tryDecode(bad, bad.length);
            }
        }
    }

    private static void tryDecode(byte[] data, int len) {
        try {
            J2kDecoder.decode(data, 0, len, 128 * 128 * 3);
        } catch (DicomException e) {
            assertThat(e.kind()).isIn(ErrorKind.MALFORMED, ErrorKind.TRUNCATED, ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX);
        }
    }

    private static int signedValue(int raw, Case c) {
        if (c.signed() && (raw & (1 << (c.bits() - 1))) != 0) {
            return raw - (1 << c.bits());
        }
        return raw;
    }

    private static int[] reference(Case c) {
        byte[] raw = resource(c.reference());
        int n = c.width() * c.height() * c.components();
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            int s = c.bits() <= 8 ? raw[i] & 0xFF : (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
            v[i] = c.bits() <= 8 ? s : signedValue(s & ((1 << c.bits()) - 1), c);
        }
        return v;
    }

    static byte[] resource(String name) {
        try (InputStream in = J2kDecoderTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
