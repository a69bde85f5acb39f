package org.reslens.imaging;

/** Small helpers shared by the display buffers. */
final class BufferOps {
    /** Larger than any DICOM frame (65535 x 65535 would overflow an array anyway). */
    static final int MAX_PIXELS = Integer.MAX_VALUE - 8;

    private BufferOps() {
    }

    static void checkSize(int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("buffer size " + width + "x" + height + " out of range");
        }
    }

    /**
     * Rounds half up and clamps to 0..255. Truncation equals floor for the non-negative sums that matter, and
     * anything that truncates to 0 or below clamps to 0 either way.
     */
    static int toByte(float v) {
        int r = (int) (v + 0.5f);
        return r < 0 ? 0 : Math.min(r, 255);
    }

    /**
     * Where pixel (x, y) of a {@code width x height} image lands after {@code turns} clockwise quarter turns, as an
     * index into the rotated image.
     */
    static int rotatedIndex(int x, int y, int width, int height, int turns) {
        return switch (turns) {
            case 1 -> x * height + (height - 1 - y);            // new width = height; (x, y) -> (h-1-y, x)
            case 2 -> (height - 1 - y) * width + (width - 1 - x);
            case 3 -> (width - 1 - x) * height + y;             // (x, y) -> (y, w-1-x)
            default -> y * width + x;
        };
    }
}
