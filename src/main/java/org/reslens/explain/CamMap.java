package org.reslens.explain;

/**
 * A Grad-CAM map on the feature grid before any normalisation: {@code ReLU(sum_k alpha_k A_k)} in the units of the
 * explained logit, row-major {@code [height][width]}. Kept unnormalised so that maps of several slices can share one
 * scale ({@link Normalisation#calibrate}).
 */
public record CamMap(int width, int height, float[] values, int explainedClass) {
    public CamMap {
        if (width < 1 || height < 1 || values == null || values.length != width * height) {
            throw new IllegalArgumentException("cam values must be width x height");
        }
    }

    public float max() {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** True when every weighted sum was negative (ReLU left nothing): the model found no evidence for the class. */
    public boolean isEmpty() {
        return max() <= 0;
    }
}
