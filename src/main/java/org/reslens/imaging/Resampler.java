package org.reslens.imaging;

/**
 * Separable resizing with one {@link AxisKernel} per axis, in single precision. When the image shrinks (or keeps its
 * height) the vertical pass runs first, over whole rows, which the JIT vectorises, and the horizontal pass (a gather
 * per tap) then touches only the output rows; when it grows, the horizontal pass runs first over the input rows, as
 * PyTorch orders it. The two orders differ only in float rounding.
 */
final class Resampler {

    /** One input image, read a row at a time. */
    abstract static class RowSource {
        /** {@code row[x] = value(x, y)} for the whole row. */
        abstract void read(int y, float[] row);

        /** {@code acc[x] = w * value(x, y)}, or {@code acc[x] += w * value(x, y)} when {@code add}. */
        void weighted(int y, float w, float[] acc, boolean add, float[] scratch) {
            read(y, scratch);
            if (add) {
                for (int x = 0; x < acc.length; x++) {
                    acc[x] += scratch[x] * w;
                }
            } else {
                for (int x = 0; x < acc.length; x++) {
                    acc[x] = scratch[x] * w;
                }
            }
        }

        /** {@code acc[x] = w0 * value(x, y0) + w1 * value(x, y1)}: the common two-tap case in one pass. */
        void weighted2(int y0, float w0, int y1, float w1, float[] acc, float[] scratch) {
            weighted(y0, w0, acc, false, scratch);
            weighted(y1, w1, acc, true, scratch);
        }
    }

    /** Unsigned 8-bit samples, row-major. */
    static RowSource bytes(byte[] pixels, int width) {
        return new RowSource() {
            @Override
            void read(int y, float[] row) {
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    row[x] = pixels[base + x] & 0xFF;
                }
            }

            @Override
            void weighted(int y, float w, float[] acc, boolean add, float[] scratch) {
                int base = y * width;
                if (add) {
                    for (int x = 0; x < width; x++) {
                        acc[x] += (pixels[base + x] & 0xFF) * w;
                    }
                } else {
                    for (int x = 0; x < width; x++) {
                        acc[x] = (pixels[base + x] & 0xFF) * w;
                    }
                }
            }

            @Override
            void weighted2(int y0, float w0, int y1, float w1, float[] acc, float[] scratch) {
                int b0 = y0 * width;
                int b1 = y1 * width;
                for (int x = 0; x < width; x++) {
                    acc[x] = (pixels[b0 + x] & 0xFF) * w0 + (pixels[b1 + x] & 0xFF) * w1;
                }
            }
        };
    }

    static RowSource floats(float[] data, int width) {
        return new RowSource() {
            @Override
            void read(int y, float[] row) {
                System.arraycopy(data, y * width, row, 0, width);
            }

            @Override
            void weighted(int y, float w, float[] acc, boolean add, float[] scratch) {
                int base = y * width;
                if (add) {
                    for (int x = 0; x < width; x++) {
                        acc[x] += data[base + x] * w;
                    }
                } else {
                    for (int x = 0; x < width; x++) {
                        acc[x] = data[base + x] * w;
                    }
                }
            }

            @Override
            void weighted2(int y0, float w0, int y1, float w1, float[] acc, float[] scratch) {
                int b0 = y0 * width;
                int b1 = y1 * width;
                for (int x = 0; x < width; x++) {
                    acc[x] = data[b0 + x] * w0 + data[b1 + x] * w1;
                }
            }
        };
    }

    private Resampler() {
    }

    /** Resizes a {@code kx.inLength x ky.inLength} image to {@code kx.outLength x ky.outLength}, row-major. */
    static float[] resample(RowSource source, AxisKernel kx, AxisKernel ky) {
        return ky.outLength <= ky.inLength ? verticalFirst(source, kx, ky) : horizontalFirst(source, kx, ky);
    }

    private static float[] verticalFirst(RowSource source, AxisKernel kx, AxisKernel ky) {
        int inW = kx.inLength;
        int outW = kx.outLength;
        int outH = ky.outLength;
        float[] out = new float[outH * outW];
        float[] acc = new float[inW];
        float[] scratch = new float[inW];
        int ty = ky.taps;
        for (int o = 0; o < outH; o++) {
            if (ty == 2 && ky.weight[2 * o] != 0f && ky.weight[2 * o + 1] != 0f) {
                source.weighted2(ky.index[2 * o], ky.weight[2 * o], ky.index[2 * o + 1], ky.weight[2 * o + 1], acc,
                        scratch);
                horizontal(acc, kx, out, o * outW);
                continue;
            }
            boolean any = false;
            for (int t = 0; t < ty; t++) {
                float w = ky.weight[o * ty + t];
                if (w != 0f || !any && t == ty - 1) {
                    source.weighted(ky.index[o * ty + t], w, acc, any, scratch);
                    any = true;
                }
            }
            horizontal(acc, kx, out, o * outW);
        }
        return out;
    }

    private static float[] horizontalFirst(RowSource source, AxisKernel kx, AxisKernel ky) {
        int inW = kx.inLength;
        int inH = ky.inLength;
        int outW = kx.outLength;
        int outH = ky.outLength;
        boolean[] needed = new boolean[inH];
        for (int j = 0; j < ky.index.length; j++) {
            if (ky.weight[j] != 0f) {
                needed[ky.index[j]] = true;
            }
        }
        float[] row = new float[inW];
        float[] rows = new float[inH * outW];
        for (int y = 0; y < inH; y++) {
            if (needed[y]) {
                source.read(y, row);
                horizontal(row, kx, rows, y * outW);
            }
        }
        float[] out = new float[outH * outW];
        int ty = ky.taps;
        for (int o = 0; o < outH; o++) {
            int ob = o * outW;
            int j = o * ty;
            int r0 = ky.index[j] * outW;
            float w0 = ky.weight[j];
            if (ty == 2 && ky.weight[j + 1] != 0f) {
                // The common two-tap case in one pass: the same products added in the same order as below.
                int r1 = ky.index[j + 1] * outW;
                float w1 = ky.weight[j + 1];
                for (int x = 0; x < outW; x++) {
                    out[ob + x] = rows[r0 + x] * w0 + rows[r1 + x] * w1;
                }
                continue;
            }
            for (int x = 0; x < outW; x++) {
                out[ob + x] = rows[r0 + x] * w0;
            }
            for (int t = 1; t < ty; t++) {
                float w = ky.weight[j + t];
                if (w == 0f) {
                    continue;
                }
                int r = ky.index[j + t] * outW;
                for (int x = 0; x < outW; x++) {
                    out[ob + x] += rows[r + x] * w;
                }
            }
        }
        return out;
    }

    /** {@code dst[offset + o] = sum_k weight * row[index]} along one row. */
    private static void horizontal(float[] row, AxisKernel kx, float[] dst, int offset) {
        int outW = kx.outLength;
        int[] xi = kx.index;
        float[] xw = kx.weight;
        int tx = kx.taps;
        if (tx == 1) {
            for (int o = 0; o < outW; o++) {
                dst[offset + o] = row[xi[o]] * xw[o];
            }
        } else if (tx == 2) {
            for (int o = 0; o < outW; o++) {
                int j = 2 * o;
                dst[offset + o] = row[xi[j]] * xw[j] + row[xi[j + 1]] * xw[j + 1];
            }
        } else {
            for (int o = 0; o < outW; o++) {
                int j = o * tx;
                float acc = row[xi[j]] * xw[j];
                for (int t = 1; t < tx; t++) {
                    acc += row[xi[j + t]] * xw[j + t];
                }
                dst[offset + o] = acc;
            }
        }
    }
}
