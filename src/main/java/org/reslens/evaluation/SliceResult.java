package org.reslens.evaluation;

import java.util.Optional;

/**
 * One evaluated slice.
 *
 * @param probability  the bundle's probability of the explained class (its postprocessing activation)
 * @param score        the ranking score: the log-odds of that probability computed from the raw logits in double
 *                     precision ({@code l1 - l0} for a two-class softmax, the logit itself for a sigmoid). It orders
 *                     slices exactly as the probability does, but float32 probabilities saturate at 1.0 for clear
 *                     cases and would turn distinct scores into ties
 * @param peak         the heatmap's maximum (empty when the model allows no Grad-CAM)
 * @param localisation for lesion slices with a mask and a heatmap
 */
public record SliceResult(LabelledSlice slice, double probability, double score, Optional<Peak> peak,
                          Optional<Localisation> localisation) {
    public SliceResult {
        if (slice == null || peak == null || localisation == null) {
            throw new IllegalArgumentException("slice and Optionals required");
        }
    }
}
