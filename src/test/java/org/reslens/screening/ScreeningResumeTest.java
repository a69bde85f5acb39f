package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.DicomFile;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * {@code --resume} after a run killed with SIGKILL: no output file is corrupt, the studies finished before the kill
 * are not screened again, and the resumed results equal those of a run that was never interrupted.
 */
class ScreeningResumeTest {
    static final int STUDIES = 24;

    @TempDir
    static Path tmp;
    static ModelSessions sessions;
    static Path corpus;

    @BeforeAll
    static void corpus() throws Exception {
        sessions = Fixtures.sessions(tmp.resolve("cache"));
        corpus = tmp.resolve("corpus");
        SyntheticCorpus.writeMr(corpus.resolve("mr"), STUDIES, 6, 5);
        SyntheticCorpus.writeBroken(corpus.resolve("broken"), 5);
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void aKilledRunLeavesNoCorruptFileAndResumesWhereItStopped() throws Exception {
        Path out = tmp.resolve("killed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath(), ScreeningChild.class.getName(),
                corpus.toString(), out.toString(), Fixtures.MODEL.toAbsolutePath().toString(),
                tmp.resolve("config").toString(), tmp.resolve("cache-child").toString())
                .redirectErrorStream(true).start();
        int done = 0;
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("DONE ")) {
                    done = Integer.parseInt(line.substring(5).trim());
                    if (done >= 6) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(done).as("child output: %s", lines).isGreaterThanOrEqualTo(6);
        assertThat(lines).doesNotContain("FINISHED");

        // Whatever the kill left is whole: JSON parses, PNGs end with IEND, DICOM files read, no .part file visible.
        for (Path f : Fixtures.files(out)) {
            String name = f.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (name.endsWith(".json")) {
                assertThat(Fixtures.json(f).path("studies").isArray()).isTrue();
            } else if (name.endsWith(".png")) {
                assertThat(Fixtures.png(f).width()).isPositive();
            } else if (name.endsWith(".dcm")) {
                assertThat(DicomFile.open(f).sopClassUid()).isNotBlank();
            } else if (name.endsWith(".csv") || name.endsWith(".html")) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(text).endsWith(name.endsWith(".csv") ? "\r\n" : "</html>\n");
            }
        }
        List<String> journal = Files.readAllLines(out.resolve(OutputFolder.JOURNAL), StandardCharsets.UTF_8);
        assertThat(journal.size() - 1).isGreaterThanOrEqualTo(done);

        ScreeningSummary resumed = new Screening(sessions, tmp.resolve("config")).run(
                options(out).withResume(true), ScreeningListener.NONE, new CancellationToken());
        assertThat(resumed.resumed()).isGreaterThanOrEqualTo(done);
        assertThat(resumed.studies()).isEqualTo(STUDIES);
        assertThat(resumed.slicesScored()).isEqualTo((long) (STUDIES - resumed.resumed()) * 6);
        assertThat(out.resolve(OutputFolder.JOURNAL)).doesNotExist();
        try (var s = Files.walk(out)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part")).toList()).isEmpty();
        }

        Path clean = tmp.resolve("clean");
        new Screening(sessions, tmp.resolve("config")).run(options(clean), ScreeningListener.NONE,
                new CancellationToken());
        Map<String, Double> a = scores(out);
        Map<String, Double> b = scores(clean);
        assertThat(a.keySet()).isEqualTo(b.keySet()).hasSize(STUDIES);
        for (String k : a.keySet()) {
            assertThat(a.get(k)).as(k).isCloseTo(b.get(k), org.assertj.core.data.Offset.offset(1e-6));
        }
        JsonNode results = Fixtures.json(out.resolve("results.json"));
        assertThat(results.path("complete").asBoolean()).isTrue();
        Set<String> keys = new HashSet<>();
        results.path("studies").forEach(s -> assertThat(keys.add(s.path("studyInstanceUid").asText())).isTrue());
        assertThat(Files.readAllLines(out.resolve("errors.csv"))).hasSize(4);
    }

    @Test
    void resumingWithAnotherDeidentificationSettingIsRefused() throws Exception {
        Path out = tmp.resolve("plain");
        Screening s = new Screening(sessions, tmp.resolve("config"));
        s.run(options(out).withFormats(java.util.Set.of(ReportFormat.JSON)), ScreeningListener.NONE,
                new CancellationToken());
        assertThatThrownBy(() -> s.run(options(out).withResume(true).withDeidentify(true), ScreeningListener.NONE,
                new CancellationToken()))
                .isInstanceOfSatisfying(ScreeningException.class, e -> assertThat(e.isUsageError()).isTrue())
                .hasMessageContaining("without --deidentify");
        // The same setting resumes with nothing left to do.
        ScreeningSummary again = s.run(options(out).withResume(true), ScreeningListener.NONE,
                new CancellationToken());
        assertThat(again.resumed()).isEqualTo(STUDIES);
        assertThat(again.slicesScored()).isZero();
    }

    /**
     * The class path for the child: this JVM's, plus where the classes the child needs were loaded from (a test
     * launcher with its own class loader leaves them out of java.class.path).
     */
    static String classPath() throws Exception {
        Set<String> parts = new java.util.LinkedHashSet<>(List.of(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)));
        for (Class<?> c : List.of(ScreeningChild.class, Screening.class, ai.onnxruntime.OrtEnvironment.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static ScreeningOptions options(Path out) {
        return ScreeningOptions.defaults(List.of(corpus), out, Fixtures.MODEL).withDicomResults(true)
                .withThreshold(0.3).withWorkers(1);
    }

    private static Map<String, Double> scores(Path out) throws Exception {
        Map<String, Double> m = new HashMap<>();
        for (JsonNode s : Fixtures.json(out.resolve("results.json")).path("studies")) {
            m.put(s.path("studyInstanceUid").asText(), s.path("score").asDouble());
        }
        return m;
    }
}
