package org.reslens.ui.viewport;

/**
 * The affine map from image coordinates (pixel edges: the image covers 0..width x 0..height, pixel centres at .5) to
 * viewport coordinates (screen pixels, y down) for one {@link ViewGeometry}: the image centre goes to the viewport
 * centre plus the pan; in between come the pixel aspect ratio (row spacing over column spacing, so anatomy keeps its
 * shape), the clockwise quarter turns, the flips and the zoom, in that order.
 *
 * <p>{@code screen = [mxx mxy; myx myy] * image + [tx; ty]}.
 */
public record ViewTransform(double mxx, double mxy, double tx, double myx, double myy, double ty, double zoom) {

    /**
     * @param aspect row spacing / column spacing (1 when unknown)
     */
    public static ViewTransform of(ViewGeometry g, int imageWidth, int imageHeight, double aspect, double viewWidth,
                                   double viewHeight) {
        double a = aspect > 0 && Double.isFinite(aspect) ? aspect : 1;
        // R * A: rotation (clockwise, y down) after the aspect scale.
        double r00;
        double r01;
        double r10;
        double r11;
        switch (g.quarterTurns()) {
            case 1 -> { r00 = 0; r01 = -a; r10 = 1; r11 = 0; }
            case 2 -> { r00 = -1; r01 = 0; r10 = 0; r11 = -a; }
            case 3 -> { r00 = 0; r01 = a; r10 = -1; r11 = 0; }
            default -> { r00 = 1; r01 = 0; r10 = 0; r11 = a; }
        }
        if (g.flipHorizontal()) {
            r00 = -r00;
            r01 = -r01;
        }
        if (g.flipVertical()) {
            r10 = -r10;
            r11 = -r11;
        }
        double shownW = Math.abs(r00) * imageWidth + Math.abs(r01) * imageHeight;
        double shownH = Math.abs(r10) * imageWidth + Math.abs(r11) * imageHeight;
        double zoom = g.fitted() ? fitZoom(shownW, shownH, viewWidth, viewHeight) : g.zoom();
        double mxx = zoom * r00;
        double mxy = zoom * r01;
        double myx = zoom * r10;
        double myy = zoom * r11;
        double cx = imageWidth / 2.0;
        double cy = imageHeight / 2.0;
        double tx = viewWidth / 2.0 + g.panX() - (mxx * cx + mxy * cy);
        double ty = viewHeight / 2.0 + g.panY() - (myx * cx + myy * cy);
        return new ViewTransform(mxx, mxy, tx, myx, myy, ty, zoom);
    }

    /** The zoom that shows the whole image in the viewport; 1 for an empty viewport. */
    static double fitZoom(double shownW, double shownH, double viewWidth, double viewHeight) {
        if (!(viewWidth > 0) || !(viewHeight > 0) || !(shownW > 0) || !(shownH > 0)) {
            return 1;
        }
        return ViewGeometry.clampZoom(Math.min(viewWidth / shownW, viewHeight / shownH));
    }

    public double screenX(double x, double y) {
        return mxx * x + mxy * y + tx;
    }

    public double screenY(double x, double y) {
        return myx * x + myy * y + ty;
    }

    private double det() {
        return mxx * myy - mxy * myx;
    }

    /** Image x of a viewport point. */
    public double imageX(double sx, double sy) {
        double dx = sx - tx;
        double dy = sy - ty;
        return (myy * dx - mxy * dy) / det();
    }

    /** Image y of a viewport point. */
    public double imageY(double sx, double sy) {
        double dx = sx - tx;
        double dy = sy - ty;
        return (-myx * dx + mxx * dy) / det();
    }

    /** The image direction (not normalised) that points along screen direction (dx, dy). */
    public double[] imageDirection(double dx, double dy) {
        return new double[] {(myy * dx - mxy * dy) / det(), (-myx * dx + mxx * dy) / det()};
    }
}
