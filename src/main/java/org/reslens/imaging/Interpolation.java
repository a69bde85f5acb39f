package org.reslens.imaging;

/** How display buffers are resized. All three treat pixel centres at half-integer positions. */
public enum Interpolation {
    /** Each output pixel takes the input pixel its centre falls in. Crisp; for zoomed-in pixel inspection. */
    NEAREST {
        @Override
        AxisKernel kernel(int in, int out) {
            return AxisKernel.nearest(in, out);
        }
    },
    /**
     * Linear between the two nearest input centres, source position {@code (o + 0.5) * in/out - 0.5} clamped at
     * the edges (as PyTorch's bilinear with align_corners=False). Aliases when shrinking by more than 2.
     */
    BILINEAR {
        @Override
        AxisKernel kernel(int in, int out) {
            return AxisKernel.torchLinear(in, out, false);
        }
    },
    /** Averages the input area each output pixel covers (fractional coverage): the right choice for thumbnails. */
    AREA {
        @Override
        AxisKernel kernel(int in, int out) {
            return AxisKernel.area(in, out);
        }
    };

    abstract AxisKernel kernel(int in, int out);
}
