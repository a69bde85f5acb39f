package org.reslens.dicom;

/**
 * One decoded frame of stored values: masked to Bits Stored and sign-extended per Pixel Representation, before any
 * Modality LUT. Samples are interleaved pixel by pixel. Storage keeps the bit depth of the file: 8-bit (and 1-bit)
 * data in a {@code byte[]}, 16-bit in a {@code short[]}, 32-bit in an {@code int[]}; exactly one is non-null.
 *
 * <p>{@code photometric} is the interpretation of the samples as delivered: a JPEG decoder delivers colour as RGB
 * whatever the header says; natively stored YBR_FULL_422 keeps its two samples per pixel (Y Y Cb Cr per pixel pair).
 */
public record PixelFrame(int rows, int columns, int samplesPerPixel, Photometric photometric, int bitsStored,
                         boolean signed, byte[] bytes, short[] shorts, int[] ints) {

    public PixelFrame {
        int arrays = (bytes != null ? 1 : 0) + (shorts != null ? 1 : 0) + (ints != null ? 1 : 0);
        if (arrays != 1) {
            throw new IllegalArgumentException("exactly one sample array must be given");
        }
        long expected = storedSampleCount(rows, columns, samplesPerPixel, photometric);
        if (length(bytes, shorts, ints) != expected) {
            throw new IllegalArgumentException("frame holds " + length(bytes, shorts, ints) + " samples, "
                    + rows + "x" + columns + " " + photometric + " needs " + expected);
        }
    }

    static long storedSampleCount(int rows, int columns, int samplesPerPixel, Photometric photometric) {
        long pixels = (long) rows * columns;
        return photometric.subsampledHorizontally() && samplesPerPixel == 3 ? pixels * 2 : pixels * samplesPerPixel;
    }

    private static long length(byte[] b, short[] s, int[] i) {
        return b != null ? b.length : s != null ? s.length : i.length;
    }

    /** Number of stored samples. */
    public int sampleCount() {
        return (int) length(bytes, shorts, ints);
    }

    /** Sample {@code i} with its sign (or, for unsigned data, its full unsigned range). */
    public long sample(int i) {
        if (bytes != null) {
            return signed ? bytes[i] : bytes[i] & 0xFF;
        }
        if (shorts != null) {
            return signed ? shorts[i] : shorts[i] & 0xFFFF;
        }
        return signed ? ints[i] : ints[i] & 0xFFFFFFFFL;
    }

    /** Bytes of memory the samples occupy. */
    public long byteSize() {
        return bytes != null ? bytes.length : shorts != null ? 2L * shorts.length : 4L * ints.length;
    }

    /** Minimum, maximum and sum over all samples. */
    public Stats stats() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        int n = sampleCount();
        if (shorts != null) {
            int mn = Integer.MAX_VALUE;
            int mx = Integer.MIN_VALUE;
            long s = 0;
            for (short v0 : shorts) {
                int v = signed ? v0 : v0 & 0xFFFF;
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
                s += v;
            }
            return new Stats(mn, mx, s);
        }
        for (int i = 0; i < n; i++) {
            long v = sample(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Stats(min, max, sum);
    }

    /** Min, max and sum of stored values. */
    public record Stats(long min, long max, long sum) {
        public Stats merge(Stats o) {
            return new Stats(Math.min(min, o.min), Math.max(max, o.max), sum + o.sum);
        }
    }
}
