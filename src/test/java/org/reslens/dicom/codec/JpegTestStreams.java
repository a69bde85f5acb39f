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
