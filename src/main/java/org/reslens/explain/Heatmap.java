package org.reslens.explain;

/**
 * A normalised Grad-CAM map on the model-input grid (the tensor's height x width), values in 0..1, row-major; with the
 * class it explains and how it was normalised. {@code values} is owned by the record once given.
 */
public record Heatmap(int width, int height, float[] values, int explainedClass, Normalisation normalisation) {
    public Heatmap {
        if (width < 1 || height < 1 || values == null || values.length != width * height || normalisation == null) {
            throw new IllegalArgumentException("heatmap values must be width x height");
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /**
     * Bilinear sample at continuous tensor coordinates (pixel centres at integers), clamped to the edge pixels.
     */
    public float sample(double x, double y) {
        double cx = Math.max(0, Math.min(width - 1, x));
        double cy = Math.max(0, Math.min(height - 1, y));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = values[y0 * width + x0] * (1 - fx) + values[y0 * width + x1] * fx;
        double bottom = values[y1 * width + x0] * (1 - fx) + values[y1 * width + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
