package org.reslens.study;

import java.util.List;

/**
 * What the indexer keeps of one object's header: identification, the keys that split a series into stacks, and the
 * resolved attributes of each frame. The parsed data set itself is dropped as soon as this is built, so indexing
 * thousands of files holds a few hundred bytes per slice.
 *
 * @param order              discovery order, for deterministic results whatever the threads did
 * @param acquisitionSeconds acquisition (else content) date and time in seconds, null when absent
 * @param echo               Echo Numbers as text, null when absent
 * @param frames             resolved per-frame attributes; empty for objects without pixels
 */
record InstanceHeader(OrderKey order, Location location, String patientId, String patientName,
                      String studyInstanceUid, String studyDate, String studyTime, String studyDescription,
                      String accessionNumber, String seriesInstanceUid, Integer seriesNumber, String modality,
                      String seriesDescription, String sopClassUid, String sopInstanceUid, Integer instanceNumber,
                      Double acquisitionSeconds, boolean localizer, String echo, int rows, int columns,
                      boolean multiFrame, boolean decodable, List<SliceAttributes> frames) {
    boolean hasPixels() {
        return !frames.isEmpty();
    }

    /** Order of discovery: the input's position, then the entry's position within an archive. */
    record OrderKey(int input, int entry) implements Comparable<OrderKey> {
        @Override
        public int compareTo(OrderKey o) {
            int c = Integer.compare(input, o.input);
            return c != 0 ? c : Integer.compare(entry, o.entry);
        }
    }
}
