package org.reslens.inference;

/**
 * The model's image input as the graph declares it, NCHW float32: channel count, spatial size, and whether the batch
 * dimension is free (several slices per run) or fixed at 1.
 */
public record InputSpec(String name, int channels, int height, int width, boolean batchDynamic) {
    public InputSpec {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input dimensions must be positive");
        }
    }

    /** Floats in one image. */
    public int imageSize() {
        return channels * height * width;
    }
}
