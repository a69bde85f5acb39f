package org.reslens.study;

/**
 * Tunables of indexing and series assembly.
 *
 * @param maxZipEntryBytes     zip entries are read into memory; larger ones are reported, not read
 * @param orientationTolerance slices whose direction cosines differ by more than this belong to different stacks
 * @param positionTolerance    millimetres along the normal below which two slices count as the same position
 */
public record IndexOptions(long maxZipEntryBytes, double orientationTolerance, double positionTolerance) {
    /** 256 MiB entries; cosines within 0.001 (about 0.06 degrees); positions within 0.01 mm. */
    public static final IndexOptions DEFAULT = new IndexOptions(256L << 20, 1e-3, 1e-2);

    public IndexOptions {
        if (maxZipEntryBytes <= 0) {
            throw new IllegalArgumentException("maxZipEntryBytes must be positive");
        }
        if (!(orientationTolerance >= 0 && orientationTolerance < 1)) {
            throw new IllegalArgumentException("orientationTolerance must be in [0, 1)");
        }
        if (!(positionTolerance >= 0 && positionTolerance < 10)) {
            throw new IllegalArgumentException("positionTolerance must be in [0, 10) mm");
        }
    }
}
