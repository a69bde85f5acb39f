package org.reslens.dicom.codec;

/**
 * Turns decoded component planes into the interleaved samples of a {@link DecodedImage}: upsamples subsampled
 * components to full resolution and converts YCbCr to RGB, both the way the IJG library does by default
 * (triangular "fancy" upsampling for 2:1 ratios, fixed-point JFIF colour conversion), because that library is the
 * reference every other DICOM viewer's output is compared with.
 */
final class JpegDctOutput {
    private static final int SCALE_BITS = 16;
    private static final int HALF = 1 << (SCALE_BITS - 1);

    private JpegDctOutput() {
    }

    static DecodedImage build(int width, int height, int precision, JpegDctComponent[] components, int hMax,
            int vMax, boolean yccToRgb) {
        int n = components.length;
        int size = width * height * n; // the caller checked that this fits
        short[] shorts = precision > 8 ? new short[size] : null;
        byte[] bytes = shorts == null ? new byte[size] : null;
        JpegDctComponent first = components[0];
        if (n == 1 && first.h == hMax && first.v == vMax) {
            copyPlane(first, width, height, shorts, bytes);
        } else {
            convert(width, height, precision, components, hMax, vMax, yccToRgb, shorts, bytes);
        }
        return shorts != null ? DecodedImage.ofShorts(width, height, n, precision, shorts)
                : DecodedImage.ofBytes(width, height, n, precision, bytes);
    }

    private static void copyPlane(JpegDctComponent c, int width, int height, short[] shorts, byte[] bytes) {
        int stride = c.stride();
        for (int y = 0; y < height; y++) {
            if (shorts != null) {
                System.arraycopy(c.plane, y * stride, shorts, y * width, width);
            } else {
                for (int x = 0, src = y * stride, dst = y * width; x < width; x++) {
                    bytes[dst + x] = (byte) c.plane[src + x];
                }
            }
        }
    }

    private static void convert(int width, int height, int precision, JpegDctComponent[] components, int hMax,
            int vMax, boolean yccToRgb, short[] shorts, byte[] bytes) {
        int n = components.length;
        int rowLength = width;
        for (JpegDctComponent c : components) {
            rowLength = Math.max(rowLength, c.width * (hMax / c.h));
        }
        int[][] rows = new int[n][rowLength];
        ColourTables ycc = yccToRgb ? new ColourTables(precision) : null;
        int max = (1 << precision) - 1;
        for (int y = 0; y < height; y++) {
            for (int i = 0; i < n; i++) {
                upsampleRow(components[i], hMax / components[i].h, vMax / components[i].v, y, rows[i]);
            }
            int o = y * width * n;
            if (ycc != null) {
                int[] lum = rows[0];
                int[] cb = rows[1];
                int[] cr = rows[2];
                for (int x = 0; x < width; x++, o += 3) {
                    int l = lum[x];
                    int b = cb[x];
                    int r = cr[x];
                    put(shorts, bytes, o, clamp(l + ycc.crToR[r], max));
                    put(shorts, bytes, o + 1, clamp(l + ((ycc.cbToG[b] + ycc.crToG[r]) >> SCALE_BITS), max));
                    put(shorts, bytes, o + 2, clamp(l + ycc.cbToB[b], max));
                }
            } else {
                for (int x = 0; x < width; x++) {
                    for (int i = 0; i < n; i++, o++) {
                        put(shorts, bytes, o, rows[i][x]);
                    }
                }
            }
        }
    }

    private static void put(short[] shorts, byte[] bytes, int i, int value) {
        if (shorts != null) {
            shorts[i] = (short) value;
        } else {
            bytes[i] = (byte) value;
        }
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /** Output line {@code y} of a component at full resolution. */
    private static void upsampleRow(JpegDctComponent c, int hs, int vs, int y, int[] out) {
        short[] p = c.plane;
        int stride = c.stride();
        int w = c.width;
        if (hs == 2 && vs <= 2 && w > 2) {
            int near = y / vs;
            if (vs == 1) {
                h2v1Fancy(p, near * stride, w, out);
            } else {
                // The farther line is the one above for even output lines and below for odd ones; the image
                // edges repeat their first and last line.
                int far = (y & 1) == 0 ? Math.max(near - 1, 0) : Math.min(near + 1, c.height - 1);
                h2v2Fancy(p, near * stride, far * stride, w, out);
            }
            return;
        }
        int src = (y / vs) * stride;
        if (hs == 1) {
            for (int x = 0; x < w; x++) {
                out[x] = p[src + x];
            }
        } else {
            for (int x = 0, o = 0; x < w; x++) {
                int s = p[src + x];
                for (int k = 0; k < hs; k++) {
                    out[o++] = s;
                }
            }
        }
    }

    /** Each output sample is 3/4 of the nearer input sample plus 1/4 of the next farther one. */
    private static void h2v1Fancy(short[] p, int src, int w, int[] out) {
        int first = p[src];
        out[0] = first;
        out[1] = (first * 3 + p[src + 1] + 2) >> 2;
        for (int i = 1; i < w - 1; i++) {
            int near = p[src + i] * 3;
            out[2 * i] = (near + p[src + i - 1] + 1) >> 2;
            out[2 * i + 1] = (near + p[src + i + 1] + 2) >> 2;
        }
        int last = p[src + w - 1];
        out[2 * w - 2] = (last * 3 + p[src + w - 2] + 1) >> 2;
        out[2 * w - 1] = last;
    }

    /** The same triangle filter in both directions: weights 9/16, 3/16, 3/16, 1/16. */
    private static void h2v2Fancy(short[] p, int near, int far, int w, int[] out) {
        int thisSum = p[near] * 3 + p[far];
        int nextSum = p[near + 1] * 3 + p[far + 1];
        out[0] = (thisSum * 4 + 8) >> 4;
        out[1] = (thisSum * 3 + nextSum + 7) >> 4;
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 1; i < w - 1; i++) {
            nextSum = p[near + i + 1] * 3 + p[far + i + 1];
            out[2 * i] = (thisSum * 3 + lastSum + 8) >> 4;
            out[2 * i + 1] = (thisSum * 3 + nextSum + 7) >> 4;
            lastSum = thisSum;
            thisSum = nextSum;
        }
        out[2 * w - 2] = (thisSum * 3 + lastSum + 8) >> 4;
        out[2 * w - 1] = (thisSum * 4 + 7) >> 4;
    }

    /** JFIF YCbCr to RGB in 16-bit fixed point, one entry per chroma value. */
    private static final class ColourTables {
        final int[] crToR;
        final int[] cbToB;
        final int[] crToG;
        final int[] cbToG;

        ColourTables(int precision) {
            int n = 1 << precision;
            int center = n / 2;
            crToR = new int[n];
            cbToB = new int[n];
            crToG = new int[n];
            cbToG = new int[n];
            for (int i = 0; i < n; i++) {
                int x = i - center;
                crToR[i] = (fix(1.40200) * x + HALF) >> SCALE_BITS;
                cbToB[i] = (fix(1.77200) * x + HALF) >> SCALE_BITS;
                crToG[i] = -fix(0.71414) * x;
                cbToG[i] = -fix(0.34414) * x + HALF;
            }
        }

        private static int fix(double x) {
            return (int) (x * (1 << SCALE_BITS) + 0.5);
        }
    }
}
