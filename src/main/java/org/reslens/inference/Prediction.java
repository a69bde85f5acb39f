package org.reslens.inference;

import java.util.Optional;

/**
 * One image's result: the raw logits, the probabilities after the bundle's activation, and (when asked for) the
 * feature map Grad-CAM needs. Arrays are owned by the record once given.
 */
public record Prediction(float[] logits, float[] probabilities, Optional<FeatureMap> features) {
    public Prediction {
        if (logits == null || probabilities == null || logits.length != probabilities.length || features == null) {
            throw new IllegalArgumentException("logits and probabilities must have one value per class");
        }
    }

    /** The class with the highest probability (the first on ties). */
    public int predictedClass() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public float probability(int cls) {
        return probabilities[cls];
    }

    public int classCount() {
        return logits.length;
    }
}
