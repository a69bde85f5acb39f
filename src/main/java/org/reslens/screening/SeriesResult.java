package org.reslens.screening;

import java.util.List;

/**
 * One series of a screened study, as written (identifiers already de-identified when asked).
 *
 * @param reason   why it was skipped or failed, or what was left out of a scored series (null when nothing)
 * @param score    the aggregation of its slice probabilities; null when nothing was scored
 * @param slices   slices in its stacks
 * @param scored   of those, scored by the model
 * @param failed   of those, not scored because reading or preparing them failed
 */
public record SeriesResult(String seriesInstanceUid, Integer seriesNumber, String modality, String bodyPart,
                           String description, ResultStatus status, String reason, Double score, boolean flagged,
                           List<TopSlice> topSlices, int slices, int scored, int failed) {
    public SeriesResult {
        topSlices = List.copyOf(topSlices);
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }
}
