package org.reslens.dicom.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Helpers shared by the JPEG decoder tests: marker bytes, stream surgery, test resources, decoded samples. */
final class JpegTestStreams {
    private JpegTestStreams() {
    }

    static byte[] soi() {
        return new byte[] {(byte) 0xFF, (byte) 0xD8};
    }

    static byte[] eoi() {
        return new byte[] {(byte) 0xFF, (byte) 0xD9};
    }

    /**
     * A frame header (SOFn, T.81 B.2.2; JPEG-LS's SOF55 has the same layout) for components 1, 2, ... each sampled
     * 1x1 and (for DCT frames) with quantisation table 0.
     */
    static byte[] frameHeader(int marker, int precision, int width, int height, int components) {
        byte[] s = new byte[10 + 3 * components];
        s[0] = (byte) 0xFF;
        s[1] = (byte) marker;
        s[3] = (byte) (8 + 3 * components);
        s[4] = (byte) precision;
        s[5] = (byte) (height >> 8);
        s[6] = (byte) height;
        s[7] = (byte) (width >> 8);
        s[8] = (byte) width;
        s[9] = (byte) components;
        for (int i = 0; i < components; i++) {
            s[10 + 3 * i] = (byte) (i + 1);
            s[11 + 3 * i] = 0x11;
        }
        return s;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** Where {@code pattern} first occurs in {@code data} at or after {@code from}; fails the test when nowhere. */
    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    /** A test resource's bytes, by its path on the class path. */
    static byte[] resource(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream open(String path) {
        InputStream in = JpegTestStreams.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }

    /** Every sample of a decoded image, in its own order. */
    static int[] samples(DecodedImage image) {
        int[] out = new int[image.width() * image.height() * image.components()];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.sample(i);
        }
        return out;
    }
}
