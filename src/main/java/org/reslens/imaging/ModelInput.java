package org.reslens.imaging;

/**
 * A model input built from one slice: NCHW float32 values (batch 1), their shape, and where the grid lies on the
 * slice. {@code data} is owned by the caller once returned.
 */
public record ModelInput(float[] data, TensorShape shape, GridMapping mapping) {
    public ModelInput {
        if (data == null || shape == null || mapping == null || data.length != shape.size()) {
            throw new IllegalArgumentException("tensor data must match its shape");
        }
    }
}
