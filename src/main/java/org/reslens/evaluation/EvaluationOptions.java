package org.reslens.evaluation;

import java.util.List;

/**
 * How an evaluation scores, resolved once.
 *
 * @param specificity  where sensitivity is read off the ROC curve (0.9: "sensitivity at 90 % specificity")
 * @param tolerancesMm pointing-game tolerances, in millimetres (evaluate.py: 0 and 8)
 * @param batchSize    slices per ONNX Runtime call. 1 by default: on the 2-core development machine the default model
 *                     evaluated the 2,000-slice test set 1.5 to 2 times faster one slice per call than in batches of
 *                     4 or 16 (its activations at batch 16 no longer fit the caches); read-ahead keeps the workers
 *                     busy either way
 * @param bands        the lesion bands reported besides {@link Band#ALL} and {@link Band#GOAL}, as two groups
 */
public record EvaluationOptions(double specificity, List<Double> tolerancesMm, int batchSize, List<Band> sizeBands,
                                List<Band> contrastBands) {
    public EvaluationOptions {
        if (!(specificity > 0 && specificity <= 1)) {
            throw new IllegalArgumentException("specificity must be within (0, 1]");
        }
        if (tolerancesMm == null || tolerancesMm.isEmpty()
                || tolerancesMm.stream().anyMatch(t -> t == null || !(t >= 0) || t.isInfinite())) {
            throw new IllegalArgumentException("pointing tolerances must be finite and >= 0");
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new IllegalArgumentException("batch size must be within 1..1024");
        }
        if (sizeBands == null || contrastBands == null) {
            throw new IllegalArgumentException("band lists required (may be empty)");
        }
        tolerancesMm = List.copyOf(tolerancesMm);
        sizeBands = List.copyOf(sizeBands);
        contrastBands = List.copyOf(contrastBands);
    }

    /** evaluate.py's definitions (90 % specificity, tolerances 0 and 8 mm, its size and contrast bands), batch 1. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(0.9, List.of(0.0, 8.0), 1, Band.SIZES, Band.CONTRASTS);
    }

    public EvaluationOptions withBatchSize(int n) {
        return new EvaluationOptions(specificity, tolerancesMm, n, sizeBands, contrastBands);
    }
}
