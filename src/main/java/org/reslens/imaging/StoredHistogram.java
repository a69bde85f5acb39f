package org.reslens.imaging;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.reslens.dicom.PixelFrame;

/**
 * Counts of each stored value of a single-sample frame of up to 16 bits, between the smallest and largest value
 * present. One pass over the pixels; everything statistical after that works on distinct values.
 *
 * <p>A 16-bit frame is counted into a 65,536-entry array kept per thread (and left all zero again after use),
 * finding the smallest and largest value in the same pass, which costs next to nothing beside the counting. A new
 * array per frame cost as much as the counting on a 240 x 240 slice (its 256 KB zeroed, then searched from both
 * ends for the range); a separate pass for the range first cost more than it saved.
 */
final class StoredHistogram {
    /** Smallest and largest stored value present. */
    final int lo;
    final int hi;
    /** {@code counts[v - lo]} pixels hold stored value {@code v}. */
    final int[] counts;

    /** All zero between uses. */
    private static final ThreadLocal<int[]> COUNTS_16 = ThreadLocal.withInitial(() -> new int[65536]);

    private StoredHistogram(int lo, int hi, int[] counts) {
        this.lo = lo;
        this.hi = hi;
        this.counts = counts;
    }

    static boolean supports(PixelFrame f) {
        return f.ints() == null;
    }

    static StoredHistogram of(PixelFrame f) {
        if (f.shorts() != null) {
            return of16(f.shorts(), f.signed());
        }
        if (f.bytes() == null) {
            throw new IllegalArgumentException("32-bit frames have no stored-value histogram");
        }
        byte[] b = f.bytes();
        boolean signed = f.signed();
        int offset = signed ? 128 : 0;
        int[] c = new int[256];
        if (signed) {
            for (byte v : b) {
                c[v + 128]++;
            }
        } else {
            for (byte v : b) {
                c[v & 0xFF]++;
            }
        }
        int first = 0;
        while (first < c.length && c[first] == 0) {
            first++;
        }
        if (first == c.length) {
            throw new IllegalArgumentException("a frame without pixels has no histogram");
        }
        int last = c.length - 1;
        while (c[last] == 0) {
            last--;
        }
        int[] compact = new int[last - first + 1];
        System.arraycopy(c, first, compact, 0, compact.length);
        return new StoredHistogram(first - offset, last - offset, compact);
    }

    private static StoredHistogram of16(short[] s, boolean signed) {
        if (s.length == 0) {
            throw new IllegalArgumentException("a frame without pixels has no histogram");
        }
        int[] c = COUNTS_16.get();
        int first = 65535;
        int last = 0;
        if (signed) {
            for (short v : s) {
                int i = v + 32768;
                c[i]++;
                first = Math.min(first, i);
                last = Math.max(last, i);
            }
        } else {
            for (short v : s) {
                int i = v & 0xFFFF;
                c[i]++;
                first = Math.min(first, i);
                last = Math.max(last, i);
            }
        }
        int[] compact;
        try {
            compact = Arrays.copyOfRange(c, first, last + 1);
        } finally {
            // Even when the copy fails for want of memory: the next frame on this thread must find zeros.
            Arrays.fill(c, first, last + 1, 0);
        }
        int offset = signed ? 32768 : 0;
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
