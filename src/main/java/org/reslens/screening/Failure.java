package org.reslens.screening;

/**
 * One row of errors.csv: a file, stack or output that failed, and why.
 *
 * @param location the file (or {@code archive!/entry}); a stable token instead when de-identifying
 * @param study    the study's UID as written, null when the file could not be placed in a study
 * @param stage    {@code index}, {@code read}, {@code prepare}, {@code infer}, {@code key-image} or {@code dicom}
 * @param kind     the error's kind (e.g. MALFORMED, NOT_DICOM, UNSUPPORTED_PIXELS)
 */
public record Failure(String location, String study, String stage, String kind, String reason) {
    public Failure {
        if (location == null || stage == null || kind == null || reason == null) {
            throw new IllegalArgumentException("location, stage, kind and reason are required");
        }
    }
}
