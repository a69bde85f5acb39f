package org.reslens.explain;

import java.util.Collection;

/** How a Grad-CAM map is brought to 0..1. */
public sealed interface Normalisation permits Normalisation.PerImage, Normalisation.Absolute {

    /**
     * pytorch-grad-cam's: min-max on the feature grid, bilinear resize, min-max again. Shows where the network looked
     * on this slice, but a normal slice gets a hot spot too, so pair it with a probability threshold.
     */
    record PerImage() implements Normalisation {
    }

    /**
     * One scale for many slices: {@code min(cam / scale, 1)} on the feature grid, then the resize, with no
     * re-normalisation, so a weak map stays faint next to a strong one.
     */
    record Absolute(double scale) implements Normalisation {
        public Absolute {
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("absolute scale must be positive, got " + scale);
            }
        }
    }

    static Normalisation perImage() {
        return new PerImage();
    }

    /** The absolute scale that maps the strongest of these maps (say, every slice of a series) to 1. */
    static Absolute calibrate(Collection<CamMap> maps) {
        double max = 0;
        for (CamMap m : maps) {
            max = Math.max(max, m.max());
        }
        return new Absolute(max > 0 ? max : 1);
    }
}
