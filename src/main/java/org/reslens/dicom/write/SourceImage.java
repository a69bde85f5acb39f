package org.reslens.dicom.write;

/**
 * An image a result was computed from, as written in references (already de-identified when asked).
 *
 * @param frameNumber 1-based frame of a multi-frame image; 0 for single-frame images (no frame is referenced)
 */
public record SourceImage(String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid,
                          int frameNumber) {
    public SourceImage {
        for (String uid : new String[] {studyInstanceUid, seriesInstanceUid, sopClassUid, sopInstanceUid}) {
            if (!Uids.isValid(uid)) {
                throw new IllegalArgumentException("source image references need valid UIDs: " + uid);
            }
        }
        if (frameNumber < 0) {
            throw new IllegalArgumentException("frame numbers start at 1 (0: none)");
        }
    }
}
