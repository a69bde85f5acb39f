package org.reslens.ui.ai;

import org.reslens.explain.ColourMap;
import org.reslens.explain.OverlayStyle;

/**
 * How the heatmap is drawn, as the reader set it in the panel.
 *
 * @param probabilityThreshold no map on a slice whose probability is below this; also what "suspicious" means for the
 *                             score strip and next-suspicious navigation
 * @param heatFloor            heat below this stays transparent, so the anatomy under weak evidence shows
 * @param perSeriesScale       one scale for the whole series (weak maps stay faint) instead of per slice
 */
public record HeatmapStyle(boolean visible, ColourMap colourMap, double opacity, double probabilityThreshold,
                           double heatFloor, boolean perSeriesScale) {
    public static final HeatmapStyle DEFAULT = new HeatmapStyle(true, ColourMap.INFERNO, 0.45, 0.5, 0.2, true);

    public HeatmapStyle {
        if (colourMap == null) {
            throw new IllegalArgumentException("colour map required");
        }
        // OverlayStyle checks the ranges.
        new OverlayStyle(colourMap, opacity, probabilityThreshold, heatFloor);
    }

    public OverlayStyle overlayStyle() {
        return new OverlayStyle(colourMap, opacity, probabilityThreshold, heatFloor);
    }
}
