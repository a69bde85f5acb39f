package org.reslens.study;

import org.reslens.dicom.ErrorKind;

/**
 * An input that could not be indexed, reported instead of stopping the index.
 *
 * @param message the technical reason, without the location (which reports print beside it)
 * @param offset  byte offset of the problem, -1 when none
 */
public record IndexFailure(Location location, ErrorKind kind, String message, long offset) {
    public IndexFailure {
        if (location == null || kind == null || message == null) {
            throw new IllegalArgumentException("location, kind and message are required");
        }
    }
}
