package org.reslens.explain;

import java.util.Optional;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.GrayBuffer;
import org.reslens.imaging.GridMapping;

/**
 * Draws a heatmap onto the slice's own pixel grid. Each slice pixel centre is taken back through the preprocessing
 * geometry ({@link GridMapping#tensorX}/{@link GridMapping#tensorY}: resize scale, offset and padding) to continuous
 * model-input coordinates, where the heatmap is sampled bilinearly; so the overlay lines up with the anatomy whatever
 * the slice size, aspect handling or resize mode, and the UI only scales it along with the slice.
 */
public final class Overlay {
    private Overlay() {
    }

    /**
     * The overlay as non-premultiplied ARGB of the slice's size, or empty when the explained class's probability is
     * below the style's threshold (no map is drawn then).
     */
    public static Optional<ArgbBuffer> render(Heatmap heatmap, double probability, GridMapping mapping,
                                              OverlayStyle style) {
        if (heatmap.width() != mapping.tensorWidth() || heatmap.height() != mapping.tensorHeight()) {
            throw new IllegalArgumentException("heatmap " + heatmap.width() + "x" + heatmap.height()
                    + " is not on the mapping's tensor grid " + mapping.tensorWidth() + "x" + mapping.tensorHeight());
        }
        if (!(probability >= style.probabilityThreshold())) {
            return Optional.empty();
        }
        int w = mapping.sliceWidth();
        int h = mapping.sliceHeight();
        double[] tx = new double[w];
        for (int x = 0; x < w; x++) {
            tx[x] = mapping.tensorX(x);
        }
        int alpha = (int) Math.round(style.opacity() * 255) << 24;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            double ty = mapping.tensorY(y);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                float v = heatmap.sample(tx[x], ty);
                px[base + x] = v < style.valueFloor() || alpha == 0 ? 0 : alpha | style.colourMap().rgb(v);
            }
        }
        return Optional.of(new ArgbBuffer(w, h, px));
    }

    /**
     * The overlay of an explanation (its heatmap and the probability of the class it explains); empty when the model
     * gave no heatmap or the probability is below the threshold.
     */
    public static Optional<ArgbBuffer> render(Explanation explanation, GridMapping mapping, OverlayStyle style) {
        return explanation.heatmap().flatMap(h -> render(h, explanation.probability(), mapping, style));
    }

    /** {@code overlay} composited over an opaque slice rendering ("source over"); same size required. */
    public static ArgbBuffer blend(DisplayBuffer slice, ArgbBuffer overlay) {
        ArgbBuffer base = slice instanceof GrayBuffer g ? g.toArgb() : (ArgbBuffer) slice;
        if (base.width() != overlay.width() || base.height() != overlay.height()) {
            throw new IllegalArgumentException("overlay " + overlay + " does not match slice " + base);
        }
        int[] out = new int[base.pixels().length];
        int[] b = base.pixels();
        int[] o = overlay.pixels();
        for (int i = 0; i < out.length; i++) {
            int a = o[i] >>> 24;
            if (a == 0) {
                out[i] = b[i] | 0xFF000000;
                continue;
            }
            int r = mix(b[i] >> 16 & 0xFF, o[i] >> 16 & 0xFF, a);
            int g = mix(b[i] >> 8 & 0xFF, o[i] >> 8 & 0xFF, a);
            int bl = mix(b[i] & 0xFF, o[i] & 0xFF, a);
            out[i] = 0xFF000000 | r << 16 | g << 8 | bl;
        }
        return new ArgbBuffer(base.width(), base.height(), out);
    }

    private static int mix(int under, int over, int alpha) {
        return (under * (255 - alpha) + over * alpha + 127) / 255;
    }
}
