package org.reslens.dicom.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * DICOM RLE Lossless (PS3.5 Annex G). A frame is a 64-byte header (segment count and up to 15 segment offsets)
 * followed by PackBits-coded segments, one per byte plane: for each sample, the most significant byte first. Output is
 * interleaved pixel by pixel, at the bit depth of the file.
 *
 * <p>Runs are short in real images (a 240 x 240 MR slice has some 6,000 in its high-byte plane, 12 bytes long on
 * average), so a run of up to 16 bytes is written as two 8-byte stores wherever the plane has room after it: the
 * surplus is overwritten by the runs that follow, or lies in slack after the plane.
 */
public final class RleDecoder {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** What a run may write beyond its end; planes decoded for interleaving have this much slack. */
    private static final int SLACK = 16;

    private RleDecoder() {
    }

    public static byte[] decode8(byte[] data, int off, int len, int rows, int columns, int samples)
            throws DicomException {
        int pixels = rows * columns;
        int[] seg = segments(data, off, len, samples, pixels);
        if (samples == 1) {
            byte[] plane = new byte[pixels];
            unpack(data, off, len, seg, 0, plane, pixels);
            return plane;
        }
        byte[] plane = new byte[pixels + SLACK];
        byte[] out = new byte[pixels * samples];
        for (int s = 0; s < samples; s++) {
            unpack(data, off, len, seg, s, plane, pixels);
            for (int p = 0, o = s; p < pixels; p++, o += samples) {
                out[o] = plane[p];
            }
        }
        return out;
    }

    public static short[] decode16(byte[] data, int off, int len, int rows, int columns, int samples)
            throws DicomException {
        int pixels = rows * columns;
        int[] seg = segments(data, off, len, samples * 2, pixels);
        byte[] hi = new byte[pixels + SLACK];
        byte[] lo = new byte[pixels + SLACK];
        short[] out = new short[pixels * samples];
        for (int s = 0; s < samples; s++) {
            unpack(data, off, len, seg, 2 * s, hi, pixels);
            unpack(data, off, len, seg, 2 * s + 1, lo, pixels);
            if (samples == 1) {
                for (int p = 0; p < out.length; p++) {
                    out[p] = (short) ((hi[p] << 8) | (lo[p] & 0xFF));
                }
            } else {
                for (int p = 0, o = s; p < pixels; p++, o += samples) {
                    out[o] = (short) ((hi[p] << 8) | (lo[p] & 0xFF));
                }
            }
        }
        return out;
    }

    public static int[] decode32(byte[] data, int off, int len, int rows, int columns, int samples)
            throws DicomException {
        int pixels = rows * columns;
        int[] seg = segments(data, off, len, samples * 4, pixels);
        byte[] plane = new byte[pixels + SLACK];
        int[] out = new int[pixels * samples];
        for (int s = 0; s < samples; s++) {
            for (int b = 0; b < 4; b++) {
                unpack(data, off, len, seg, 4 * s + b, plane, pixels);
                int shift = 8 * (3 - b);
                for (int p = 0, o = s; p < pixels; p++, o += samples) {
                    out[o] |= (plane[p] & 0xFF) << shift;
                }
            }
        }
        return out;
    }

    /** Reads the header; returns segment start and end offsets relative to {@code off} (2 entries per segment). */
    private static int[] segments(byte[] d, int off, int len, int expected, int pixels) throws DicomException {
        if (len < 64) {
            throw new DicomException(ErrorKind.TRUNCATED, "RLE frame shorter than its 64-byte header", off);
        }
        long n = u32(d, off);
        if (n != expected) {
            throw new DicomException(ErrorKind.MALFORMED, "RLE header declares " + n + " segments, the image needs "
                    + expected, off);
        }
        int[] bounds = new int[expected * 2];
        for (int i = 0; i < expected; i++) {
            long start = u32(d, off + 4 + 4 * i);
            long end = i + 1 < expected ? u32(d, off + 8 + 4 * i) : len;
            if (start < 64 || start > len || end < start || end > len) {
                throw new DicomException(ErrorKind.MALFORMED, "RLE segment " + (i + 1) + " offset " + start
                        + " outside the " + len + "-byte frame", off + 4L + 4L * i);
            }
            bounds[2 * i] = (int) start;
            bounds[2 * i + 1] = (int) end;
        }
        return bounds;
    }

    private static long u32(byte[] d, int i) {
        return (d[i] & 0xFFL) | ((d[i + 1] & 0xFFL) << 8) | ((d[i + 2] & 0xFFL) << 16) | ((d[i + 3] & 0xFFL) << 24);
    }

    /**
     * PackBits: n in 0..127 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n times, -128 is a no-op.
     * Writes {@code out[0 .. expected)}, and where {@code out} is longer, possibly anything up to {@link #SLACK}
     * bytes after that.
     */
    private static void unpack(byte[] d, int off, int len, int[] bounds, int segment, byte[] out, int expected)
            throws DicomException {
        int p = off + bounds[2 * segment];
        int end = off + bounds[2 * segment + 1];
        // Runs starting before these write and read 16 bytes at once.
        int wideOut = out.length - SLACK;
        int wideIn = d.length - SLACK;
        int o = 0;
        while (o < expected) {
            if (p >= end) {
                throw new DicomException(ErrorKind.MALFORMED, "RLE segment " + (segment + 1) + " decodes to " + o
                        + " bytes, " + expected + " expected", p);
            }
            int n = d[p++];
            if (n >= 0) {
                int count = n + 1;
                if (p + count > end) {
                    throw new DicomException(ErrorKind.MALFORMED, "RLE literal run of " + count
                            + " overruns segment " + (segment + 1), p - 1);
                }
                // Some encoders let the last run overshoot the plane; the surplus lies outside the image.
                int used = Math.min(count, expected - o);
                if (used <= SLACK && o <= wideOut && p <= wideIn) {
                    LONG.set(out, o, (long) LONG.get(d, p));
                    LONG.set(out, o + 8, (long) LONG.get(d, p + 8));
                } else {
                    System.arraycopy(d, p, out, o, used);
                }
                p += count;
                o += used;
            } else if (n != -128) {
                if (p >= end) {
                    throw new DicomException(ErrorKind.MALFORMED, "RLE replicate run at the end of segment "
                            + (segment + 1) + " has no value byte", p - 1);
                }
                int count = Math.min(1 - n, expected - o);
                byte v = d[p++];
                if (o + count + 8 <= out.length) {
                    long word = (v & 0xFFL) * 0x0101010101010101L;
                    for (int k = 0; k < count; k += 8) {
                        LONG.set(out, o + k, word);
                    }
                } else {
                    Arrays.fill(out, o, o + count, v);
                }
                o += count;
            }
        }
    }
}
