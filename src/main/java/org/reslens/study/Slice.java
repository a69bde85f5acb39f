package org.reslens.study;

/**
 * One displayable slice: a single-frame image, or one frame of a multi-frame image.
 *
 * @param location       where the object is
 * @param frameNumber    1-based frame number within the object (1 for single-frame images)
 * @param sopInstanceUid null when the file lacks it
 * @param instanceNumber null when the file lacks it
 */
public record Slice(Location location, int frameNumber, String sopInstanceUid, Integer instanceNumber,
                    SliceAttributes attributes) {
    public Slice {
        if (location == null || attributes == null) {
            throw new IllegalArgumentException("location and attributes are required");
        }
        if (frameNumber < 1) {
            throw new IllegalArgumentException("frame numbers start at 1: " + frameNumber);
        }
    }

    /** The 0-based frame index that {@code DicomFile.readFrame} takes. */
    public int frameIndex() {
        return frameNumber - 1;
    }
}
