package org.reslens.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups instance headers into patients, studies and series by their UIDs, in discovery order, and sorts each level
 * for display: patients by ID, studies by date, series by number. Where instances of one study disagree about the
 * patient, the first one found wins (the study UID is the stronger key).
 */
final class StudyAssembler {
    private StudyAssembler() {
    }

    private static final class StudyParts {
        final InstanceHeader first;
        final Map<String, List<InstanceHeader>> images = new LinkedHashMap<>();
        final List<NonImageObject> others = new ArrayList<>();

        StudyParts(InstanceHeader first) {
            this.first = first;
        }
    }

    /** @param headers in discovery order */
    static List<Patient> assemble(List<InstanceHeader> headers, IndexOptions options) {
        Map<String, StudyParts> studies = new LinkedHashMap<>();
        for (InstanceHeader h : headers) {
            StudyParts parts = studies.computeIfAbsent(Objects.toString(h.studyInstanceUid(), ""),
                    k -> new StudyParts(h));
            if (h.hasPixels()) {
                parts.images.computeIfAbsent(Objects.toString(h.seriesInstanceUid(), ""), k -> new ArrayList<>())
                        .add(h);
            } else {
                parts.others.add(new NonImageObject(h.location(), NonImageObject.Kind.of(h.modality(), h.sopClassUid()),
                        h.sopClassUid(), h.sopInstanceUid(), h.seriesInstanceUid(), h.modality(),
                        h.seriesDescription()));
            }
        }
        Map<String, List<Study>> byPatient = new LinkedHashMap<>();
        Map<String, InstanceHeader> patientFirst = new LinkedHashMap<>();
        for (StudyParts parts : studies.values()) {
            String key = patientKey(parts.first);
            patientFirst.putIfAbsent(key, parts.first);
            byPatient.computeIfAbsent(key, k -> new ArrayList<>()).add(study(parts, options));
        }
        List<Patient> patients = new ArrayList<>();
        for (Map.Entry<String, List<Study>> e : byPatient.entrySet()) {
            InstanceHeader h = patientFirst.get(e.getKey());
            List<Study> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparing(Study::studyDate, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Study::studyTime, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Study::studyInstanceUid, Comparator.nullsLast(Comparator.naturalOrder())));
            patients.add(new Patient(h.patientId(), h.patientName(), list));
        }
        patients.sort(Comparator.comparing(Patient::patientId, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Patient::patientName, Comparator.nullsLast(Comparator.naturalOrder())));
        return patients;
    }

    /** Patient ID identifies a patient; files without one are grouped by name. */
    private static String patientKey(InstanceHeader h) {
        return h.patientId() != null ? "id:" + h.patientId() : "name:" + Objects.toString(h.patientName(), "");
    }

    private static Study study(StudyParts parts, IndexOptions options) {
        List<Series> series = new ArrayList<>();
        for (List<InstanceHeader> images : parts.images.values()) {
            InstanceHeader h = images.get(0);
            series.add(new Series(h.seriesInstanceUid(), h.seriesNumber(), h.modality(), h.seriesDescription(),
                    StackBuilder.build(images, options)));
        }
        series.sort(Comparator.comparing(Series::seriesNumber, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Series::seriesInstanceUid, Comparator.nullsLast(Comparator.naturalOrder())));
        InstanceHeader f = parts.first;
        return new Study(f.studyInstanceUid(), f.studyDate(), f.studyTime(), f.studyDescription(),
                f.accessionNumber(), series, parts.others);
    }
}
