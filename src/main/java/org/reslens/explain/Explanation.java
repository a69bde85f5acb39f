package org.reslens.explain;

import java.util.Optional;
import org.reslens.inference.Prediction;

/**
 * A prediction with its Grad-CAM: the heatmap on the model-input grid and the raw feature-grid map, or, when the model
 * allows no exact Grad-CAM, the reason (shown to the user instead of a map).
 */
public record Explanation(Prediction prediction, int explainedClass, Optional<CamMap> cam, Optional<Heatmap> heatmap,
                          Optional<String> unavailableReason) {
    public Explanation {
        if (prediction == null || cam == null || heatmap == null || unavailableReason == null) {
            throw new IllegalArgumentException("use Optional.empty() for absent parts");
        }
        if (heatmap.isEmpty() == unavailableReason.isEmpty()) {
            throw new IllegalArgumentException("either a heatmap or the reason it is unavailable");
        }
    }

    /** The probability of the explained class. */
    public double probability() {
        return prediction.probability(explainedClass);
    }
}
