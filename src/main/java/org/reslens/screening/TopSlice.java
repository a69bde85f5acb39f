package org.reslens.screening;

/**
 * One of the highest-scoring slices of a series or study, as written in the results.
 *
 * @param slice          1-based position in its stack's display order
 * @param instanceNumber Instance Number of the file, null when absent
 * @param frame          1-based frame of a multi-frame image; 0 for a single-frame image
 */
public record TopSlice(String seriesInstanceUid, int slice, Integer instanceNumber, int frame, String sopInstanceUid,
                       String sopClassUid, double probability) {
    public TopSlice {
        if (slice < 1 || frame < 0 || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("slice from 1, frame from 0, probability within 0..1");
        }
    }
}
