package org.reslens.imaging;

/**
 * Where the model-input grid lies on the slice, so a heatmap computed on the tensor can be drawn in place.
 * Coordinates are pixel indices with integer values at pixel centres: {@code sliceX = scaleX * tensorX + offsetX}
 * (likewise for y), where the offset already includes the padding. For half-pixel resizing (bilinear with
 * align_corners=False, nearest, area) {@code scale = S/T} and {@code offset = scale/2 - 1/2 - pad}, S being the
 * (padded) slice size and T the tensor size along the axis, which maps each tensor pixel's area onto the slice area it
 * was computed from; for align_corners=True {@code scale = (S-1)/(T-1)} and {@code offset = -pad}.
 *
 * @param padLeft  zero columns added left of the slice before resizing (aspect "pad"); likewise the others
 */
public record GridMapping(int sliceWidth, int sliceHeight, int tensorWidth, int tensorHeight,
                          double scaleX, double offsetX, double scaleY, double offsetY,
                          int padLeft, int padTop, int padRight, int padBottom) {

    public GridMapping {
        if (sliceWidth < 1 || sliceHeight < 1 || tensorWidth < 1 || tensorHeight < 1) {
            throw new IllegalArgumentException("grid sizes must be positive");
        }
        if (!Double.isFinite(scaleX) || !Double.isFinite(scaleY) || !Double.isFinite(offsetX)
                || !Double.isFinite(offsetY)) {
            throw new IllegalArgumentException("grid scale and offset must be finite");
        }
        if (padLeft < 0 || padTop < 0 || padRight < 0 || padBottom < 0) {
            throw new IllegalArgumentException("padding must not be negative");
        }
    }

    /** The tensor is the slice, pixel for pixel. */
    public static GridMapping identity(int width, int height) {
        return new GridMapping(width, height, width, height, 1, 0, 1, 0, 0, 0, 0, 0);
    }

    public double sliceX(double tensorX) {
        return scaleX * tensorX + offsetX;
    }

    public double sliceY(double tensorY) {
        return scaleY * tensorY + offsetY;
    }

    /** The inverse of {@link #sliceX}; with align_corners=True on a 1-pixel axis (scale 0) every x maps to 0. */
    public double tensorX(double sliceX) {
        return scaleX == 0 ? 0 : (sliceX - offsetX) / scaleX;
    }

    public double tensorY(double sliceY) {
        return scaleY == 0 ? 0 : (sliceY - offsetY) / scaleY;
    }
}
