package org.reslens.screening;

import java.util.List;

/**
 * One screened study, as written to the results (identifiers already de-identified when asked): its score and flag,
 * its series, its top slices, its key image and DICOM results, what failed, and how long it took.
 *
 * @param score          the aggregation over its scored slices; null when nothing was scored
 * @param keyImage       null when nothing was scored or the key image could not be made
 * @param dicomResults   files written with {@code --dicom-results}, relative to the output folder
 * @param modelSha256    the model that produced the result (what {@code --resume} compares)
 */
public record StudyResult(String studyInstanceUid, String patientId, String patientName, String accessionNumber,
                          String studyDate, String description, List<String> modalities, ResultStatus status,
                          String reason, Double score, boolean flagged, List<TopSlice> topSlices,
                          List<SeriesResult> series, KeyImage keyImage, List<String> dicomResults,
                          List<Failure> failures, Timings timings, String modelSha256) {
    public StudyResult {
        modalities = List.copyOf(modalities);
        topSlices = List.copyOf(topSlices);
        series = List.copyOf(series);
        dicomResults = List.copyOf(dicomResults);
        failures = List.copyOf(failures);
        if (status == null || timings == null || modelSha256 == null) {
            throw new IllegalArgumentException("status, timings and model hash are required");
        }
    }

    /** The study's key in the results: its (written) Study Instance UID, "" when the files had none. */
    public String key() {
        return studyInstanceUid == null ? "" : studyInstanceUid;
    }

    /**
     * Seconds spent on the study.
     *
     * @param wall      from its first slice read to its results written
     * @param prepare   reading, decoding and preprocessing its slices (summed over workers)
     * @param inference its share of the model runs
     */
    public record Timings(double wall, double prepare, double inference) {
    }
}
