package org.reslens.screening;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param studies        studies in the results (screened now and kept from an earlier run)
 * @param resumed        of those, kept from an earlier run
 * @param flagged        studies at or above the threshold
 * @param slicesScored   slices scored in this run
 * @param failures       rows written to errors.csv
 * @param seconds        wall time of this run, model loading included
 * @param indexSeconds   of which indexing the inputs
 * @param screeningSeconds of which screening: from the end of indexing to the last report written
 * @param inferenceSeconds of which the model was running (the rest of the pipeline overlaps it)
 * @param files          the files written, relative to the output folder
 */
public record ScreeningSummary(Path out, int studies, int resumed, int flagged, long slicesScored, int failures,
                               double seconds, double indexSeconds, double screeningSeconds,
                               double inferenceSeconds, List<String> files) {
    public ScreeningSummary {
        files = List.copyOf(files);
    }

    public boolean anyFlagged() {
        return flagged > 0;
    }

    /** Slices scored per second of screening (after indexing). */
    public double slicesPerSecond() {
        return screeningSeconds <= 0 ? 0 : slicesScored / screeningSeconds;
    }
}
