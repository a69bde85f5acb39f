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

    static boolean supports(PixelFrame f) {
        return f.ints() == null;
    }

    static StoredHistogram of(PixelFrame f) {
        boolean signed = f.signed();
        int offset;
        int[] c;
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
