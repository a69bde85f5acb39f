package org.reslens.ui.ai;

import org.reslens.explain.CamMap;
import org.reslens.imaging.GridMapping;

/**
 * What the model said about one slice: the probability of the explained class and the raw Grad-CAM map on the
 * feature grid (a few hundred floats, not the full heatmap, which is drawn from it when the slice is shown), with
 * where the model's input grid lay on the slice.
 *
 * @param cam     null when the model allows no exact Grad-CAM
 * @param mapping null when {@code cam} is
 */
public record SliceScore(double probability, CamMap cam, GridMapping mapping) {
    public SliceScore {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be within 0..1, got " + probability);
        }
    }
}
