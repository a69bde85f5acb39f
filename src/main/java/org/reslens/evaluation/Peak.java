package org.reslens.evaluation;

import org.reslens.explain.Heatmap;
import org.reslens.imaging.GridMapping;

/**
 * Where a heatmap is hottest: the first maximum in row-major order on the model-input grid (numpy's {@code argmax}),
 * and that pixel's centre on the slice, through the grid mapping the preprocessing used.
 */
public record Peak(int tensorRow, int tensorColumn, double sliceRow, double sliceColumn) {
    public static Peak of(Heatmap heatmap, GridMapping mapping) {
        float[] v = heatmap.values();
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        int row = best / heatmap.width();
        int col = best % heatmap.width();
        return new Peak(row, col, mapping.sliceY(row), mapping.sliceX(col));
    }
}
