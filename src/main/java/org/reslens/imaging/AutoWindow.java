package org.reslens.imaging;

import java.util.Optional;
import org.reslens.dicom.PixelFrame;

/**
 * The window ResLens uses when a grayscale image brings none.
 *
 * <p>Rule: take the modality values of every pixel of the frame whose stored value is not Pixel Padding; their 0.5th
 * and 99.5th percentiles (numpy's linear method) {@code lo} and {@code hi} become the edges of a LINEAR_EXACT
 * window, {@code center = (lo + hi) / 2}, {@code width = hi - lo}, so that {@code lo} shows black and {@code hi}
 * white while a few outliers (a metal clip, a hot pixel) do not flatten the rest. A flat image (or one where all
 * but a sliver is one value) gets width 1 around that value. If every pixel is padding, padding is not excluded.
 */
public final class AutoWindow {
    public static final double LOWER_PERCENTILE = 0.5;
    public static final double UPPER_PERCENTILE = 99.5;
    public static final String EXPLANATION = "AUTO 0.5-99.5%";

    private AutoWindow() {
    }

    public static VoiLut.Window compute(PixelFrame frame, ModalityLut modality, Optional<PixelPadding> padding) {
        if (frame.samplesPerPixel() != 1) {
            throw new IllegalArgumentException("an automatic window needs a single-sample frame");
        }
        Distribution d = distribution(frame, modality, padding.orElse(null));
        if (d.isEmpty()) {
            d = distribution(frame, modality, null);
        }
        double lo = d.percentile(LOWER_PERCENTILE);
        double hi = d.percentile(UPPER_PERCENTILE);
        double width = hi - lo;
        if (!(width > 0)) {
            return new VoiLut.Window(lo, 1, VoiFunction.LINEAR_EXACT, EXPLANATION);
        }
        return new VoiLut.Window((lo + hi) / 2, width, VoiFunction.LINEAR_EXACT, EXPLANATION);
    }

    private static Distribution distribution(PixelFrame frame, ModalityLut modality, PixelPadding padding) {
        if (StoredHistogram.supports(frame)) {
            return StoredHistogram.of(frame).distribution(v -> modality.apply((long) v), padding);
        }
        int n = frame.sampleCount();
        double[] values = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long s = frame.sample(i);
            if (padding == null || !padding.contains(s)) {
                values[k++] = modality.apply(s);
            }
        }
        return Distribution.ofSamples(values, k);
    }
}
