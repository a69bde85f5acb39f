package org.reslens.screening;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's checkpoint: one JSON line per finished study, appended (each line in one write) as soon as the study's
 * files are written, so a killed run loses at most the studies in progress. Rewriting results.json after every study
 * would cost time quadratic in the number of studies; the journal costs one line each, and results.json is rewritten
 * from memory only every few seconds. A resumed run reads both; the journal is deleted once the run completes.
 */
final class Journal implements AutoCloseable {
    private final OutputStream out;

    private Journal(OutputStream out) {
        this.out = out;
    }

    /** Opens for appending; a new journal starts with a line stating the run's de-identification setting. */
    static Journal open(Path file, RunInfo run) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        Journal j = new Journal(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
        if (fresh) {
            String header = "{\"journal\":1,\"deidentified\":" + run.deidentified() + ",\"pseudonymKeyFingerprint\":"
                    + (run.keyFingerprint() == null ? "null" : "\"" + run.keyFingerprint() + "\"") + "}\n";
            synchronized (j) {
                j.out.write(header.getBytes(StandardCharsets.UTF_8));
                j.out.flush();
            }
        }
        return j;
    }

    /** What a journal holds: its header's settings (null when it had none) and its studies. */
    record Contents(Boolean deidentified, String keyFingerprint, List<StudyResult> studies) {
    }

    synchronized void append(StudyResult r) throws IOException {
        out.write((ResultsJson.line(r) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The studies in a journal, later lines winning; a line that does not parse (the one being written when the run
     * was killed) is skipped.
     */
    static Contents read(Path file) throws IOException {
        List<StudyResult> out = new ArrayList<>();
        Boolean deid = null;
        String fingerprint = null;
        if (!Files.isRegularFile(file)) {
            return new Contents(null, null, out);
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                var node = ResultsJson.parse(line);
                if (node.has("journal")) {
                    deid = node.path("deidentified").asBoolean();
                    fingerprint = node.path("pseudonymKeyFingerprint").isNull() ? null
                            : node.path("pseudonymKeyFingerprint").asText();
                } else {
                    out.add(ResultsJson.study(node));
                }
            } catch (IOException | RuntimeException e) {
                // A torn last line: that study is simply screened again.
            }
        }
        return new Contents(deid, fingerprint, out);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
