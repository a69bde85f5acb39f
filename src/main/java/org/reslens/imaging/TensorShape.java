package org.reslens.imaging;

/** An NCHW float32 tensor's shape. */
public record TensorShape(int batch, int channels, int height, int width) {
    public TensorShape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("tensor dimensions must be positive: " + batch + "x" + channels + "x"
                    + height + "x" + width);
        }
        if ((long) batch * channels * height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large");
        }
    }

    /** Number of floats. */
    public int size() {
        return batch * channels * height * width;
    }

    /** As ONNX Runtime wants it. */
    public long[] toArray() {
        return new long[] {batch, channels, height, width};
    }
}
