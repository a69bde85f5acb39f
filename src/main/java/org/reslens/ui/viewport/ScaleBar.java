package org.reslens.ui.viewport;

import org.reslens.study.PixelSpacing;

/**
 * A scale bar of a round length in millimetres (1, 2 or 5 times a power of ten) that fits in at most a quarter of the
 * viewport's width, drawn along the screen's x axis.
 *
 * @param millimetres the length it stands for
 * @param pixels      its length on screen
 */
public record ScaleBar(double millimetres, double pixels) {
    private static final double[] STEPS = {1, 2, 5};

    /**
     * @param mmPerScreenPixel millimetres one screen pixel spans along the screen's x axis
     * @return null when the spacing is unknown or the viewport too small
     */
    public static ScaleBar fit(double mmPerScreenPixel, double viewWidth) {
        if (!(mmPerScreenPixel > 0) || !(viewWidth > 80)) {
            return null;
        }
        double maxMm = viewWidth / 4 * mmPerScreenPixel;
        double best = 0;
        for (double decade = 0.01; decade <= 1e4; decade *= 10) {
            for (double s : STEPS) {
                double mm = s * decade;
                if (mm <= maxMm + 1e-9) {
                    best = mm;
                }
            }
        }
        return best > 0 ? new ScaleBar(best, best / mmPerScreenPixel) : null;
    }

    /** Millimetres per screen pixel along the screen x axis for a transform and the slice's pixel spacing. */
    public static double mmPerScreenPixel(ViewTransform t, PixelSpacing spacing) {
        if (spacing == null) {
            return Double.NaN;
        }
        double[] d = t.imageDirection(1, 0);
        double mx = d[0] * spacing.betweenColumns();
        double my = d[1] * spacing.betweenRows();
        return Math.hypot(mx, my);
    }

    public String label() {
        if (millimetres >= 100) {
            return WindowPreset.number(millimetres / 10) + " cm";
        }
        return WindowPreset.number(millimetres) + " mm";
    }
}
