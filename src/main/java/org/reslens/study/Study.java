package org.reslens.study;

import java.util.List;

/**
 * One Study Instance UID: its image series and the objects without pixels (reports, key images, presentation
 * states, RT objects) that belong to it.
 *
 * @param studyDate DA text as stored (YYYYMMDD), null when absent
 * @param studyTime TM text as stored, null when absent
 */
public record Study(String studyInstanceUid, String studyDate, String studyTime, String studyDescription,
                   String accessionNumber, List<Series> series, List<NonImageObject> nonImageObjects) {
    public Study {
        series = List.copyOf(series);
        nonImageObjects = List.copyOf(nonImageObjects);
    }
}
