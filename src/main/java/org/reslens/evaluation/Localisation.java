package org.reslens.evaluation;

import org.reslens.explain.Heatmap;
import org.reslens.imaging.GridMapping;
import org.reslens.study.PixelSpacing;

/**
 * How well a heatmap points at a lesion, with the definitions of models/training/evaluate.py:
 * <ul>
 *   <li>{@code distanceMm}: from the heatmap's {@link Peak} (a pixel centre of the model-input grid mapped onto the
 *   slice) to the centre of the nearest mask pixel, in millimetres (infinite for an empty mask). The pointing game at
 *   tolerance {@code t} counts a hit when {@code distanceMm <= t + half a pixel} ({@link #hit}).</li>
 *   <li>{@code massInMask}: the heatmap resized to the slice grid (bilinear, half-pixel centres, as torch's
 *   {@code interpolate(align_corners=False)}) summed inside the mask, over its sum over the whole slice.</li>
 * </ul>
 */
public record Localisation(Peak peak, double distanceMm, double massInMask, double halfPixelMm) {
    /** evaluate.py's guard against an all-zero map. */
    static final double EPSILON = 1e-12;

    public static Localisation of(Heatmap heatmap, GridMapping mapping, LesionMask mask, PixelSpacing spacing) {
        if (mask.width() != mapping.sliceWidth() || mask.height() != mapping.sliceHeight()) {
            throw new IllegalArgumentException("mask " + mask.width() + " x " + mask.height() + " is not the slice's "
                    + mapping.sliceWidth() + " x " + mapping.sliceHeight());
        }
        Peak peak = Peak.of(heatmap, mapping);
        double best = Double.POSITIVE_INFINITY;
        double sy = spacing.betweenRows();
        double sx = spacing.betweenColumns();
        int w = mask.width();
        boolean[] in = mask.inside();
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                double dy = (i / w - peak.sliceRow()) * sy;
                double dx = (i % w - peak.sliceColumn()) * sx;
                best = Math.min(best, dy * dy + dx * dx);
            }
        }
        double[] tx = new double[w];
        for (int x = 0; x < w; x++) {
            tx[x] = mapping.tensorX(x);
        }
        double inside = 0;
        double total = 0;
        for (int y = 0; y < mask.height(); y++) {
            double ty = mapping.tensorY(y);
            for (int x = 0; x < w; x++) {
                double v = heatmap.sample(tx[x], ty);
                total += v;
                if (in[y * w + x]) {
                    inside += v;
                }
            }
        }
        return new Localisation(peak, Math.sqrt(best), inside / (total + EPSILON), 0.5 * Math.max(sx, sy));
    }

    /** The pointing game at {@code toleranceMm}: the peak within the tolerance plus half a pixel of the lesion. */
    public boolean hit(double toleranceMm) {
        return distanceMm <= toleranceMm + halfPixelMm;
    }
}
