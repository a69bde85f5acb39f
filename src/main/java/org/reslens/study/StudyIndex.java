package org.reslens.study;

import java.util.List;
import java.util.stream.Stream;

/** The result of indexing: patients with their studies, series and stacks, and every input that failed. */
public record StudyIndex(List<Patient> patients, List<IndexFailure> failures) {
    public StudyIndex {
        patients = List.copyOf(patients);
        failures = List.copyOf(failures);
    }

    public Stream<Study> studies() {
        return patients.stream().flatMap(p -> p.studies().stream());
    }

    public Stream<Series> series() {
        return studies().flatMap(s -> s.series().stream());
    }

    public Stream<Stack> stacks() {
        return series().flatMap(s -> s.stacks().stream());
    }

    public boolean allOk() {
        return failures.isEmpty();
    }
}
