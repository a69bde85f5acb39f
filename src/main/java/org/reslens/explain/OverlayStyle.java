package org.reslens.explain;

/**
 * How a heatmap is drawn over a slice.
 *
 * @param opacity              0 (invisible) .. 1 (opaque), for the coloured pixels
 * @param probabilityThreshold no map at all below this probability of the explained class, since per-image
 *                             normalisation would otherwise paint a hot spot on every normal slice
 * @param valueFloor           heat values below this stay transparent, so the anatomy under weak evidence shows
 */
public record OverlayStyle(ColourMap colourMap, double opacity, double probabilityThreshold, double valueFloor) {
    public OverlayStyle {
        if (colourMap == null) {
            throw new IllegalArgumentException("colour map required");
        }
        check("opacity", opacity);
        check("probability threshold", probabilityThreshold);
        check("value floor", valueFloor);
    }

    /**
     * Inferno at 45 % opacity, drawn from probability 0.5 on, heat below 0.2 left transparent (inferno's dark end
     * would otherwise dim the whole slice).
     */
    public static OverlayStyle defaults() {
        return new OverlayStyle(ColourMap.INFERNO, 0.45, 0.5, 0.2);
    }

    public OverlayStyle withColourMap(ColourMap m) {
        return new OverlayStyle(m, opacity, probabilityThreshold, valueFloor);
    }

    public OverlayStyle withOpacity(double o) {
        return new OverlayStyle(colourMap, o, probabilityThreshold, valueFloor);
    }

    public OverlayStyle withProbabilityThreshold(double t) {
        return new OverlayStyle(colourMap, opacity, t, valueFloor);
    }

    public OverlayStyle withValueFloor(double f) {
        return new OverlayStyle(colourMap, opacity, probabilityThreshold, f);
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be within 0..1, got " + v);
        }
    }
}
