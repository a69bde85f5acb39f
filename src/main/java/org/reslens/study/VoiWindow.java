package org.reslens.study;

/**
 * One Window Center / Window Width pair as the file gives it (PS3.3 C.11.2.1.2); a multi-valued window yields one
 * of these per pair, each a preset with its Window Center & Width Explanation.
 *
 * @param explanation the explanation for this pair, null when the file gives none
 */
public record VoiWindow(double center, double width, String explanation) {
    public VoiWindow {
        if (!Double.isFinite(center) || !Double.isFinite(width) || width <= 0) {
            throw new IllegalArgumentException("window must be finite with a positive width: " + center + "/"
                    + width);
        }
    }
}
