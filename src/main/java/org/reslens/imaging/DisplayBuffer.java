package org.reslens.imaging;

/**
 * Pixels ready for the screen: 8-bit gray or ARGB, row-major, no padding between rows. The operations are pure: each
 * returns a new buffer and leaves this one alone. Zoom and pan belong to the viewer's transform, not to these
 * pixels; resizing here is for thumbnails, fixed-size exports and model previews.
 */
public sealed interface DisplayBuffer permits GrayBuffer, ArgbBuffer {
    int width();

    int height();

    DisplayBuffer resize(int newWidth, int newHeight, Interpolation interpolation);

    /** Rotated clockwise by {@code quarterTurns} x 90 degrees (negative turns rotate counter-clockwise). */
    DisplayBuffer rotate90(int quarterTurns);

    /** Mirrored left-right. */
    DisplayBuffer flipHorizontal();

    /** Mirrored top-bottom. */
    DisplayBuffer flipVertical();

    /** Each colour value v becomes 255 - v (alpha kept). */
    DisplayBuffer invert();
}
