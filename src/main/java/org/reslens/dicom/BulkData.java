package org.reslens.dicom;

/**
 * A large binary value left in the file: where it is, not what it is. Header-only reads keep these instead of the
 * bytes so that indexing never reads bulk data.
 */
public record BulkData(long offset, long length) {
    public BulkData {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative bulk data position " + offset + "/" + length);
        }
    }
}
