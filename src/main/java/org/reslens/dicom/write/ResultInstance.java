package org.reslens.dicom.write;

import java.time.ZonedDateTime;

/**
 * The new object's own identity: its series and instance UIDs and numbers and when it was made.
 */
public record ResultInstance(String seriesInstanceUid, int seriesNumber, String sopInstanceUid, int instanceNumber,
                             ZonedDateTime created) {
    public ResultInstance {
        if (!Uids.isValid(seriesInstanceUid) || !Uids.isValid(sopInstanceUid)) {
            throw new IllegalArgumentException("valid series and instance UIDs are required");
        }
        if (created == null) {
            throw new IllegalArgumentException("creation time is required");
        }
    }

    /** New random UIDs, instance number 1. */
    public static ResultInstance fresh(int seriesNumber, ZonedDateTime created) {
        return new ResultInstance(Uids.random(), seriesNumber, Uids.random(), 1, created);
    }
}
