package org.reslens.study;

/**
 * The linear modality transformation of one slice (Rescale Slope, Rescale Intercept, Rescale Type; PS3.3 C.11.1),
 * from the top-level data set or, for enhanced multi-frame objects, the frame's Pixel Value Transformation group.
 *
 * @param type Rescale Type (e.g. "HU"), null when the file does not say
 */
public record Rescale(double slope, double intercept, String type) {
    /** Stored values are the modality values: what a file without a rescale means. */
    public static final Rescale IDENTITY = new Rescale(1, 0, null);

    public Rescale {
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("rescale slope and intercept must be finite: " + slope + ", "
                    + intercept);
        }
    }

    public boolean isIdentity() {
        return slope == 1 && intercept == 0;
    }
}
