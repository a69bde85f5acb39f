package org.reslens.study;

import java.util.List;

/**
 * A patient as the files identify them: by Patient ID (or, lacking one, by name).
 *
 * @param patientName PN text as stored (components separated by ^), null when absent
 */
public record Patient(String patientId, String patientName, List<Study> studies) {
    public Patient {
        studies = List.copyOf(studies);
    }
}
