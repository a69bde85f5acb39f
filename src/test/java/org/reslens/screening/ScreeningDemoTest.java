package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * End to end on the demonstration studies in assets/demo (MR with a lesion, MR normal, CT head phantom, DX skull):
 * the MR series decode from JPEG Lossless and RLE and are scored, the CT and the radiograph are skipped because the
 * model takes MR only. With the default model (models/brain-lesion-demo) the lesion study must rank first, flagged,
 * with its top slice among the lesion slices. Skipped while the demo studies or the default model are absent.
 */
class ScreeningDemoTest {
    @TempDir
    static Path tmp;
    static ModelSessions sessions;

    @BeforeAll
    static void open() {
        sessions = Fixtures.sessions(tmp.resolve("cache"));
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static JsonNode screen(Path model, Path out) throws Exception {
        assumeTrue(Files.isRegularFile(Fixtures.DEMO.resolve("manifest.json")), "assets/demo is not there yet");
        ScreeningOptions o = ScreeningOptions.defaults(List.of(Fixtures.DEMO), out, model).withDicomResults(true);
        new Screening(sessions, tmp.resolve("config")).run(o, ScreeningListener.NONE, new CancellationToken());
        return Fixtures.json(out.resolve("results.json"));
    }

    private static JsonNode study(JsonNode results, String id) {
        for (JsonNode s : results.path("studies")) {
            if (id.equals(s.path("patientId").asText())) {
                return s;
            }
        }
        throw new AssertionError("no study " + id);
    }

    @Test
    void everyMrSliceIsScoredAndTheModalitiesTheModelRefusesAreSkipped() throws Exception {
        JsonNode results = screen(Fixtures.MODEL, tmp.resolve("fixture-model"));
        assertThat(results.path("studies")).hasSize(4);
        for (String id : List.of("DEMO-0001", "DEMO-0002")) {
            JsonNode s = study(results, id);
            assertThat(s.path("status").asText()).isEqualTo("SCORED");
            assertThat(s.path("series").get(0).path("scored").asInt()).isEqualTo(48);
            assertThat(s.path("series").get(0).path("failed").asInt()).isZero();
            assertThat(s.path("keyImage").path("image").asText()).endsWith(".png");
        }
        assertThat(study(results, "DEMO-0003").path("reason").asText()).contains("modality CT is not accepted");
        assertThat(study(results, "DEMO-0004").path("reason").asText()).contains("modality DX is not accepted");
        // The folder's README.md and manifest.json are not DICOM: reported, not fatal.
        List<String> errors = Files.readAllLines(tmp.resolve("fixture-model/errors.csv"));
        assertThat(errors).anySatisfy(r -> assertThat(r).contains("README.md").contains("NOT_DICOM"));
    }

    /**
     * The bundled model screens the demo folder end to end: both MR studies scored on every slice, ranked by score,
     * flagged exactly when the score reaches the threshold, key images and (for flagged studies) DICOM results
     * written. Whether the lesion study ranks first is a property of the model, measured by its evaluation and stated
     * in its model card, not something screening can promise.
     */
    @Test
    void theDefaultModelScreensTheDemoFolderEndToEnd() throws Exception {
        assumeTrue(Files.isRegularFile(Fixtures.DEFAULT_MODEL.resolve("metadata.json")),
                "models/brain-lesion-demo is not there yet");
        JsonNode results = screen(Fixtures.DEFAULT_MODEL, tmp.resolve("default-model"));
        JsonNode studies = results.path("studies");
        assertThat(studies).hasSize(4);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode st : studies) {
            if (!"SCORED".equals(st.path("status").asText())) {
                continue;
            }
            double score = st.path("score").asDouble();
            assertThat(score).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous);
            previous = score;
            assertThat(st.path("flagged").asBoolean()).isEqualTo(score >= results.path("threshold").asDouble(0.5));
            assertThat(st.path("keyImage").isMissingNode()).isFalse();
            if (st.path("flagged").asBoolean()) {
                assertThat(st.path("dicomResults")).hasSize(2);
            }
        }
        for (String id : List.of("DEMO-0001", "DEMO-0002")) {
            assertThat(study(results, id).path("status").asText()).isEqualTo("SCORED");
            assertThat(study(results, id).path("series").get(0).path("scored").asInt()).isEqualTo(48);
        }
    }
}
