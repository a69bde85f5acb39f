package org.reslens.study;

import java.util.Locale;

/** A DICOM object without Pixel Data, listed under its study: a report, a key-image note, a presentation state. */
public record NonImageObject(Location location, Kind kind, String sopClassUid, String sopInstanceUid,
                             String seriesInstanceUid, String modality, String seriesDescription) {
    public NonImageObject {
        if (location == null || kind == null) {
            throw new IllegalArgumentException("location and kind are required");
        }
    }

    public enum Kind {
        STRUCTURED_REPORT, KEY_OBJECT_SELECTION, PRESENTATION_STATE, RADIOTHERAPY, OTHER;

        /** By Modality first (what PACS show), then by the SOP Class UID's family (PS3.4 B.5). */
        static Kind of(String modality, String sopClassUid) {
            String m = modality == null ? "" : modality.toUpperCase(Locale.ROOT);
            String c = sopClassUid == null ? "" : sopClassUid;
            if (m.equals("KO") || c.equals("1.2.840.10008.5.1.4.1.1.88.59")) {
                return KEY_OBJECT_SELECTION;
            }
            if (m.equals("SR") || c.startsWith("1.2.840.10008.5.1.4.1.1.88.")) {
                return STRUCTURED_REPORT;
            }
            if (m.equals("PR") || c.startsWith("1.2.840.10008.5.1.4.1.1.11.")) {
                return PRESENTATION_STATE;
            }
            if (m.startsWith("RT") || c.startsWith("1.2.840.10008.5.1.4.1.1.481.")) {
                return RADIOTHERAPY;
            }
            return OTHER;
        }
    }
}
