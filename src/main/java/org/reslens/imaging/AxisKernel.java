package org.reslens.imaging;

/**
 * Resampling weights along one axis: output sample {@code o} is {@code sum_k weight[o][k] * input[index[o][k]]}.
 * Every output has the same number of taps; unused taps have weight 0 and a valid index, which keeps the loops
 * branch-free. Separable resizing applies one kernel per axis.
 */
final class AxisKernel {
    final int inLength;
    final int outLength;
    final int taps;
    /** {@code index[o * taps + k]} */
    final int[] index;
    /** {@code weight[o * taps + k]} */
    final float[] weight;

    private AxisKernel(int inLength, int outLength, int taps) {
        this.inLength = inLength;
        this.outLength = outLength;
        this.taps = taps;
        this.index = new int[outLength * taps];
        this.weight = new float[outLength * taps];
    }

    private static void checkLengths(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("axis lengths must be positive: " + in + " -> " + out);
        }
    }

    /** Nearest neighbour by pixel centres: output centre {@code o + 0.5} falls in input pixel {@code floor}. */
    static AxisKernel nearest(int in, int out) {
        checkLengths(in, out);
        AxisKernel k = new AxisKernel(in, out, 1);
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            k.index[o] = (int) Math.min(in - 1, Math.floor((o + 0.5) * scale));
            k.weight[o] = 1;
        }
        return k;
    }

    /**
     * {@code torch.nn.functional.interpolate(mode="nearest")}: source index {@code floor(o * in / out)} computed in
     * single precision as PyTorch does (with its shortcuts for equal and doubled sizes). Not centre-aligned: this is
     * PyTorch's legacy rule, kept because models were trained with it.
     */
    static AxisKernel torchNearest(int in, int out) {
        checkLengths(in, out);
        AxisKernel k = new AxisKernel(in, out, 1);
        float scale = (float) in / out;
        for (int o = 0; o < out; o++) {
            int i;
            if (out == in) {
                i = o;
            } else if (out == 2 * in) {
                i = o >> 1;
            } else {
                i = (int) Math.min(in - 1, (long) Math.floor(o * scale));
            }
            k.index[o] = i;
            k.weight[o] = 1;
        }
        return k;
    }

    /**
     * Linear interpolation as {@code torch.nn.functional.interpolate(mode="bilinear", antialias=False)} computes it
     * per axis: with {@code alignCorners} false the source position is {@code (o + 0.5) * in/out - 0.5}, clamped at 0
     * (half-pixel centres); with it true, {@code o * (in-1)/(out-1)}. The rounding follows PyTorch 1.13 on the CPU,
     * checked weight for weight: the ratio is rounded to float32, the position and the upper weight are computed in
     * double and the upper weight rounded to float32, the lower weight is {@code 1 - upper} in float32.
     */
    static AxisKernel torchLinear(int in, int out, boolean alignCorners) {
        checkLengths(in, out);
        AxisKernel k = new AxisKernel(in, out, 2);
        float scale;
        if (alignCorners) {
            scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
        } else {
            scale = (float) in / out;
        }
        for (int o = 0; o < out; o++) {
            int i0;
            int i1;
            float lambda0;
            float lambda1;
            if (in == out) {
                i0 = o;
                i1 = o;
                lambda0 = 1f;
                lambda1 = 0f;
            } else {
                double real = alignCorners ? (double) scale * o : Math.max((double) scale * (o + 0.5) - 0.5, 0);
                i0 = (int) real;
                lambda1 = (float) Math.min(Math.max(real - i0, 0), 1);
                lambda0 = 1f - lambda1;
                i1 = i0 + (i0 < in - 1 ? 1 : 0);
            }
            k.index[2 * o] = i0;
            k.weight[2 * o] = lambda0;
            k.index[2 * o + 1] = i1;
            k.weight[2 * o + 1] = lambda1;
        }
        return k;
    }

    /**
     * {@code torch.nn.functional.interpolate(mode="area")}, i.e. adaptive average pooling: output {@code o} averages
     * inputs {@code floor(o*in/out)} to {@code ceil((o+1)*in/out) - 1} with equal weights.
     */
    static AxisKernel torchArea(int in, int out) {
        checkLengths(in, out);
        int taps = 1;
        for (int o = 0; o < out; o++) {
            taps = Math.max(taps, areaEnd(o, in, out) - areaStart(o, in, out));
        }
        AxisKernel k = new AxisKernel(in, out, taps);
        for (int o = 0; o < out; o++) {
            int s = areaStart(o, in, out);
            int e = areaEnd(o, in, out);
            float w = 1f / (e - s);
            for (int t = 0; t < taps; t++) {
                k.index[o * taps + t] = s + t < e ? s + t : s;
                k.weight[o * taps + t] = s + t < e ? w : 0f;
            }
        }
        return k;
    }

    private static int areaStart(int o, int in, int out) {
        return (int) ((long) o * in / out);
    }

    private static int areaEnd(int o, int in, int out) {
        return (int) (((long) (o + 1) * in + out - 1) / out);
    }

    /**
     * Area averaging with fractional coverage: output {@code o} covers input interval
     * {@code [o*in/out, (o+1)*in/out)} and averages the input pixels weighted by how much of each it covers. For
     * down-sampling this is the box filter that keeps every input pixel's contribution; for up-sampling it is
     * nearest neighbour with blended seams.
     */
    static AxisKernel area(int in, int out) {
        checkLengths(in, out);
        double scale = (double) in / out;
        int taps = (int) Math.ceil(scale) + 1;
        AxisKernel k = new AxisKernel(in, out, taps);
        for (int o = 0; o < out; o++) {
            double a = o * scale;
            double b = Math.min(in, (o + 1) * scale);
            int first = (int) Math.floor(a);
            for (int t = 0; t < taps; t++) {
                int i = first + t;
                double cover = i < in ? Math.min(b, i + 1) - Math.max(a, i) : 0;
                k.index[o * taps + t] = i < in ? i : first;
                k.weight[o * taps + t] = cover > 0 ? (float) (cover / (b - a)) : 0f;
            }
        }
        return k;
    }

    /**
     * This kernel, built over an axis that was zero-padded by {@code before} samples ahead of {@code sourceLength}
     * real ones, re-expressed on the real samples: indices shift by {@code before} and taps that fall into the
     * padding are dropped (their input is zero).
     */
    AxisKernel unpadded(int before, int sourceLength) {
        AxisKernel k = new AxisKernel(sourceLength, outLength, taps);
        for (int j = 0; j < index.length; j++) {
            int i = index[j] - before;
            boolean inside = i >= 0 && i < sourceLength;
            k.index[j] = inside ? i : 0;
            k.weight[j] = inside ? weight[j] : 0f;
        }
        return k;
    }
}
