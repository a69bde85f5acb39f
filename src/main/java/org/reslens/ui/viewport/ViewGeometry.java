package org.reslens.ui.viewport;

/**
 * How the image sits in the viewport, as the user left it.
 *
 * @param fitted       the zoom follows the viewport size (fit to window); {@code zoom} is then ignored
 * @param zoom         screen pixels per image pixel (column direction) when not fitted
 * @param panX         offset of the image centre from the viewport centre, screen pixels
 * @param quarterTurns clockwise quarter turns, 0..3
 * @param flipHorizontal mirrored left-right on screen (after the rotation)
 */
public record ViewGeometry(boolean fitted, double zoom, double panX, double panY, int quarterTurns,
                           boolean flipHorizontal, boolean flipVertical) {
    public static final ViewGeometry DEFAULT = new ViewGeometry(true, 1, 0, 0, 0, false, false);
    public static final double MIN_ZOOM = 0.05;
    public static final double MAX_ZOOM = 64;

    public ViewGeometry {
        if (!(zoom >= MIN_ZOOM && zoom <= MAX_ZOOM) || !Double.isFinite(panX) || !Double.isFinite(panY)) {
            throw new IllegalArgumentException("zoom must be within " + MIN_ZOOM + ".." + MAX_ZOOM
                    + " and pan finite: " + zoom + ", " + panX + ", " + panY);
        }
        quarterTurns = Math.floorMod(quarterTurns, 4);
    }

    public ViewGeometry withZoom(double z, double px, double py) {
        return new ViewGeometry(false, clampZoom(z), px, py, quarterTurns, flipHorizontal, flipVertical);
    }

    public ViewGeometry withPan(double px, double py) {
        return new ViewGeometry(fitted, zoom, px, py, quarterTurns, flipHorizontal, flipVertical);
    }

    public ViewGeometry fit() {
        return new ViewGeometry(true, zoom, 0, 0, quarterTurns, flipHorizontal, flipVertical);
    }

    /** Rotated clockwise by {@code turns} quarter turns as the reader sees it (a flip reverses the sense). */
    public ViewGeometry rotated(int turns) {
        int t = flipHorizontal ^ flipVertical ? -turns : turns;
        return new ViewGeometry(fitted, zoom, panX, panY, quarterTurns + t, flipHorizontal, flipVertical);
    }

    public ViewGeometry flippedHorizontally() {
        return new ViewGeometry(fitted, zoom, panX, panY, quarterTurns, !flipHorizontal, flipVertical);
    }

    public ViewGeometry flippedVertically() {
        return new ViewGeometry(fitted, zoom, panX, panY, quarterTurns, flipHorizontal, !flipVertical);
    }

    public static double clampZoom(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }
}
