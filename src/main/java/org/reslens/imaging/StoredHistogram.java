package org.reslens.imaging;

import java.util.function.DoubleUnaryOperator;
import org.reslens.dicom.PixelFrame;

/**
 * Counts of each stored value of a single-sample frame of up to 16 bits, between the smallest and largest value
 * present. One pass over the pixels; everything statistical after that works on distinct values.
 */
final class StoredHistogram {
    /** Smallest and largest stored value present. */
    final int lo;
    final int hi;
    /** {@code counts[v - lo]} pixels hold stored value {@code v}. */
    final int[] counts;

    private StoredHistogram(int lo, int hi, int[] counts) {
        this.lo = lo;
        this.hi = hi;
        this.counts = counts;
    }

    /** See {@link #ofSmall}. */
    static final int SMALL_FRAME = 32768;

    static boolean supports(PixelFrame f) {
        return f.ints() == null;
    }

    static StoredHistogram of(PixelFrame f) {
        boolean signed = f.signed();
        int offset;
        int[] c;
        if (f.shorts() != null && f.shorts().length < SMALL_FRAME) {
            return ofSmall(f.shorts(), signed);
        }
        if (f.shorts() != null) {
            short[] s = f.shorts();
            c = new int[65536];
            if (signed) {
                offset = 32768;
                for (short v : s) {
                    c[v + 32768]++;
                }
            } else {
                offset = 0;
                for (short v : s) {
                    c[v & 0xFFFF]++;
                }
            }
        } else if (f.bytes() != null) {
            byte[] b = f.bytes();
            c = new int[256];
            if (signed) {
                offset = 128;
                for (byte v : b) {
                    c[v + 128]++;
                }
            } else {
                offset = 0;
                for (byte v : b) {
                    c[v & 0xFF]++;
                }
            }
        } else {
            throw new IllegalArgumentException("32-bit frames have no stored-value histogram");
        }
        int first = 0;
        while (c[first] == 0) {
            first++;
        }
        int last = c.length - 1;
        while (c[last] == 0) {
            last--;
        }
        int[] compact = new int[last - first + 1];
        System.arraycopy(c, first, compact, 0, compact.length);
        return new StoredHistogram(first - offset, last - offset, compact);
    }

    /**
     * A 16-bit frame of fewer than {@link #SMALL_FRAME} pixels is counted into an array spanning only its own values,
     * after a pass for the range, instead of all 65,536 patterns. Measured (JDK 17, values 0..1200): 64 x 64 pixels
     * 5.8 us against 48 us; but 240 x 240 83 against 60 us and 512 x 512 281 against 101 us, where the extra pass
     * costs more than the large array.
     */
    private static StoredHistogram ofSmall(short[] s, boolean signed) {
        if (s.length == 0) {
            throw new IllegalArgumentException("a frame without pixels has no histogram");
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        if (signed) {
            for (short v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        } else {
            for (short v : s) {
                int u = v & 0xFFFF;
                lo = Math.min(lo, u);
                hi = Math.max(hi, u);
            }
        }
        int[] c = new int[hi - lo + 1];
        if (signed) {
            for (short v : s) {
                c[v - lo]++;
            }
        } else {
            for (short v : s) {
                c[(v & 0xFFFF) - lo]++;
            }
        }
        return new StoredHistogram(lo, hi, c);
    }

    /** The distribution of {@code f(stored)} over all pixels whose stored value is not padding. */
    Distribution distribution(DoubleUnaryOperator f, PixelPadding padding) {
        int n = counts.length;
        double[] v = new double[n];
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            int stored = lo + i;
            v[i] = f.applyAsDouble(stored);
            c[i] = padding != null && padding.contains(stored) ? 0 : counts[i];
        }
        return Distribution.of(v, c, n);
    }

    /** The distribution of precomputed values {@code values[stored - lo]} over all pixels. */
    Distribution distribution(float[] values) {
        int n = counts.length;
        double[] v = new double[n];
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = values[i];
            c[i] = counts[i];
        }
        return Distribution.of(v, c, n);
    }
}
