package org.reslens.screening;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --resume}: the studies an earlier run in the same output folder finished, from its results.json and its
 * journal (which holds what finished after results.json was last rewritten, up to the moment it was killed). Only
 * studies scored with the same model file (same SHA-256) are kept; the rest are screened again. Results written with
 * another de-identification setting or key are refused: mixing them would put identifiers, or two pseudonyms of
 * one patient, into one output.
 */
final class Resume {
    private Resume() {
    }

    static Map<String, StudyResult> load(OutputFolder out, RunInfo run) throws ScreeningException {
        Map<String, StudyResult> all = new LinkedHashMap<>();
        Path results = out.resolve(OutputFolder.RESULTS_JSON);
        try {
            if (Files.isRegularFile(results)) {
                JsonNode root = ResultsJson.parse(Files.readAllBytes(results));
                check(root.path("deidentified").asBoolean(false),
                        root.path("pseudonymKeyFingerprint").isMissingNode()
                                || root.path("pseudonymKeyFingerprint").isNull() ? null
                                : root.path("pseudonymKeyFingerprint").asText(), run, results);
                for (StudyResult r : ResultsJson.studies(root)) {
                    all.put(r.key(), r);
                }
            }
            Journal.Contents journal = Journal.read(out.resolve(OutputFolder.JOURNAL));
            if (journal.deidentified() != null) {
                check(journal.deidentified(), journal.keyFingerprint(), run, out.resolve(OutputFolder.JOURNAL));
            } else if (!journal.studies().isEmpty()) {
                throw invalid("the journal in " + out.root() + " has no header; screen into a new folder");
            }
            for (StudyResult r : journal.studies()) {
                all.put(r.key(), r);
            }
        } catch (IOException | RuntimeException e) {
            throw invalid("cannot read the earlier results in " + out.root() + " (" + e.getMessage()
                    + "); screen into a new folder");
        }
        all.values().removeIf(r -> !r.modelSha256().equals(run.modelSha256()));
        return all;
    }

    private static void check(boolean deidentified, String fingerprint, RunInfo run, Path where)
            throws ScreeningException {
        if (deidentified != run.deidentified()) {
            throw invalid(where + " was written " + (deidentified ? "with" : "without") + " --deidentify; resume with"
                    + " the same setting or screen into a new folder");
        }
        if (deidentified && !Objects.equals(fingerprint, run.keyFingerprint())) {
            throw invalid(where + " was de-identified with another pseudonym key; screen into a new folder");
        }
    }

    private static ScreeningException invalid(String message) {
        return new ScreeningException(ScreeningException.Reason.INVALID_OUTPUT, message);
    }
}
