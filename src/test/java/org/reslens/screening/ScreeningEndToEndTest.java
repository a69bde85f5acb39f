package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Tags;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * One screening of the committed corpus (an MR study with a lesion and a slice that does not decode, a normal MR
 * study with a Latin-1 patient name, a CT study the model does not accept, an SR, a truncated file and a text file)
 * with the committed tiny model, checked from every side.
 */
class ScreeningEndToEndTest {
    @TempDir
    static Path tmp;
    static ModelSessions sessions;
    static Path out;
    static ScreeningSummary summary;
    static Map<String, String> corpusBefore;
    static final List<String> notes = new ArrayList<>();

    @BeforeAll
    static void screen() throws Exception {
        sessions = Fixtures.sessions(tmp.resolve("cache"));
        corpusBefore = Fixtures.snapshot(Fixtures.CORPUS);
        out = tmp.resolve("out");
        ScreeningOptions o = ScreeningOptions.defaults(List.of(Fixtures.CORPUS), out, Fixtures.MODEL)
                .withDicomResults(true).withWorkers(2);
        summary = new Screening(sessions, tmp.resolve("config")).run(o, new ScreeningListener() {
            @Override
            public void note(String message) {
                notes.add(message);
            }
        }, new CancellationToken());
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static JsonNode study(JsonNode results, String patientId) {
        for (JsonNode s : results.path("studies")) {
            if (patientId.equals(s.path("patientId").asText())) {
                return s;
            }
        }
        throw new AssertionError("no study of " + patientId);
    }

    @Test
    void theLesionStudyRanksFirstAndIsTheOnlyOneFlagged() throws Exception {
        JsonNode results = Fixtures.json(out.resolve("results.json"));
        assertThat(results.path("complete").asBoolean()).isTrue();
        JsonNode studies = results.path("studies");
        assertThat(studies).hasSize(3);
        assertThat(studies.get(0).path("patientId").asText()).isEqualTo("FIX-0001");
        assertThat(studies.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(studies.get(0).path("flagged").asBoolean()).isTrue();
        assertThat(studies.get(0).path("score").asDouble()).isGreaterThan(0.9);
        assertThat(studies.get(1).path("patientId").asText()).isEqualTo("FIX-0002");
        assertThat(studies.get(1).path("flagged").asBoolean()).isFalse();
        assertThat(studies.get(1).path("score").asDouble()).isLessThan(0.1);
        assertThat(summary.flagged()).isEqualTo(1);
        assertThat(summary.anyFlagged()).isTrue();
        assertThat(summary.slicesScored()).isEqualTo(11);
    }

    @Test
    void theScoreIsTheMaximumSliceProbabilityAndTheTopSlicesAreTheLesionSlices() throws Exception {
        JsonNode lesion = study(Fixtures.json(out.resolve("results.json")), "FIX-0001");
        JsonNode top = lesion.path("topSlices");
        assertThat(top).hasSize(ScreeningOptions.DEFAULT_TOP_SLICES);
        assertThat(lesion.path("score").asDouble()).isEqualTo(top.get(0).path("probability").asDouble());
        List<Integer> best = List.of(top.get(0).path("slice").asInt(), top.get(1).path("slice").asInt());
        assertThat(best).containsExactlyInAnyOrder(3, 4);
        assertThat(top.get(0).path("probability").asDouble()).isGreaterThanOrEqualTo(top.get(1).path("probability")
                .asDouble());
        JsonNode series = lesion.path("series").get(0);
        assertThat(series.path("status").asText()).isEqualTo("SCORED");
        assertThat(series.path("slices").asInt()).isEqualTo(6);
        assertThat(series.path("scored").asInt()).isEqualTo(5);
        assertThat(series.path("failed").asInt()).isEqualTo(1);
        assertThat(series.path("bodyPart").asText()).isEqualTo("BRAIN");
    }

    @Test
    void modalitiesTheModelRefusesAndObjectsWithoutPixelsAreSkippedWithTheReason() throws Exception {
        JsonNode results = Fixtures.json(out.resolve("results.json"));
        JsonNode ct = study(results, "FIX-0003");
        assertThat(ct.path("status").asText()).isEqualTo("SKIPPED");
        assertThat(ct.path("score").isNull()).isTrue();
        assertThat(ct.path("reason").asText()).contains("modality CT is not accepted");
        JsonNode sr = null;
        for (JsonNode s : study(results, "FIX-0001").path("series")) {
            if ("SR".equals(s.path("modality").asText())) {
                sr = s;
            }
        }
        assertThat(sr).isNotNull();
        assertThat(sr.path("status").asText()).isEqualTo("SKIPPED");
        assertThat(sr.path("reason").asText()).contains("no pixel data");
        JsonNode normal = study(results, "FIX-0002").path("series").get(0);
        assertThat(normal.path("reason").asText()).contains("Body Part Examined is empty");
    }

    @Test
    void everyFileThatFailedIsInErrorsCsvWithItsReason() throws Exception {
        List<String> rows = Files.readAllLines(out.resolve("errors.csv"), StandardCharsets.UTF_8);
        assertThat(rows.get(0)).endsWith("location,study_uid,stage,kind,reason");
        assertThat(rows).hasSize(4);
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("notes.txt").contains(",index,NOT_DICOM,"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("truncated.dcm").contains(",index,TRUNCATED,"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("IM0006.dcm").contains(",read,")
                .contains("JPEG-LS"));
        assertThat(summary.failures()).isEqualTo(3);
    }

    @Test
    void resultsCsvHasAStudyRowFollowedByItsSeriesRows() throws Exception {
        List<String> rows = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
        assertThat(rows.get(0)).startsWith("\uFEFFlevel,rank,flagged,score,status,patient_id");
        assertThat(rows.get(1)).startsWith("study,1,yes,").contains("FIX-0001").containsPattern("3:[34];3:[34];");
        assertThat(rows.get(2)).startsWith("series,1,yes,").contains(",6,5,1,");
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("study,2,no,").contains("MÜLLER^JÖRG"));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("study,,no,,SKIPPED").contains("FIX-0003"));
    }

    @Test
    void theHeatmapOfTheKeyImageLandsOnTheLesion() throws Exception {
        JsonNode lesion = study(Fixtures.json(out.resolve("results.json")), "FIX-0001");
        JsonNode key = lesion.path("keyImage");
        assertThat(key.path("heatmapShown").asBoolean()).isTrue();
        Fixtures.Png plain = Fixtures.png(out.resolve(key.path("image").asText()));
        Fixtures.Png heat = Fixtures.png(out.resolve(key.path("heatmap").asText()));
        assertThat(plain.width()).isEqualTo(64);
        assertThat(heat.width()).isEqualTo(64);
        // Undo the 45 % blend to recover the colour-map value at each pixel; inferno's brightness rises with heat.
        double best = -1;
        int bx = -1;
        int by = -1;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                double lum = 0;
                for (int shift : new int[] {16, 8, 0}) {
                    double o = heat.at(x, y) >> shift & 0xFF;
                    double p = plain.at(x, y) >> shift & 0xFF;
                    lum += (o - 0.55 * p) / 0.45;
                }
                if (lum > best) {
                    best = lum;
                    bx = x;
                    by = y;
                }
            }
        }
        JsonNode centre = Fixtures.manifest().path("studies").path("lesion").path("lesion_centre_rc");
        assertThat(Math.hypot(by - centre.get(0).asDouble(), bx - centre.get(1).asDouble()))
                .as("hottest pixel (%d, %d)", by, bx).isLessThan(8);
    }

    @Test
    void theNormalStudyShowsNoHeatmapBelowTheThreshold() throws Exception {
        JsonNode key = study(Fixtures.json(out.resolve("results.json")), "FIX-0002").path("keyImage");
        assertThat(key.path("heatmapShown").asBoolean()).isFalse();
        assertThat(key.path("note").asText()).contains("below the threshold");
        Fixtures.Png plain = Fixtures.png(out.resolve(key.path("image").asText()));
        Fixtures.Png heat = Fixtures.png(out.resolve(key.path("heatmap").asText()));
        assertThat(heat.argb()).isEqualTo(plain.argb());
    }

    @Test
    void dicomResultsAreWrittenForTheFlaggedStudyOnlyAndReferenceItsSlices() throws Exception {
        JsonNode lesion = study(Fixtures.json(out.resolve("results.json")), "FIX-0001");
        List<String> dicom = new ArrayList<>();
        lesion.path("dicomResults").forEach(d -> dicom.add(d.asText()));
        assertThat(dicom).hasSize(2);
        try (var s = Files.list(out.resolve("dicom"))) {
            assertThat(s.count()).isEqualTo(2);
        }
        JsonNode manifest = Fixtures.manifest().path("studies").path("lesion");
        Attributes sr = DicomFile.open(out.resolve(dicom.get(1))).dataset();
        assertThat(sr.getString(Tags.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.88.33");
        assertThat(sr.getString(Tags.StudyInstanceUID)).isEqualTo(manifest.path("uid").asText());
        assertThat(sr.getString(Tags.PatientID)).isEqualTo("FIX-0001");
        assertThat(sr.getString(Tags.PatientBirthDate)).isEqualTo("19610203");
        assertThat(sr.getString(Tags.SOPInstanceUID)).isNotEqualTo(manifest.path("uid").asText());
        List<String> referenced = new ArrayList<>();
        for (Attributes series : sr.getSequence(0x0040A375).get(0).getSequence(0x00081115)) {
            for (Attributes sop : series.getSequence(0x00081199)) {
                referenced.add(sop.getString(0x00081155));
            }
        }
        assertThat(referenced).contains(manifest.path("files").get(2).path("sop").asText(),
                manifest.path("files").get(3).path("sop").asText());
        DicomFile sc = DicomFile.open(out.resolve(dicom.get(0)));
        assertThat(sc.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.7");
        assertThat(sc.readFrame(0).bytes()).hasSize(64 * 64 * 3);
        if (Fixtures.installed("dsrdump")) {
            assertThat(Fixtures.run("dsrdump", "-Ee", out.resolve(dicom.get(1)).toString()))
                    .contains("Imaging Measurement Report").doesNotContain("E: ");
        }
        if (Fixtures.installed("dcm2pnm")) {
            Fixtures.run("dcm2pnm", "--write-raw-pnm", out.resolve(dicom.get(0)).toString(),
                    tmp.resolve("sc.ppm").toString());
            assertThat(Files.size(tmp.resolve("sc.ppm"))).isGreaterThan(64 * 64 * 3);
        }
    }

    @Test
    void theSourceCorpusIsLeftExactlyAsItWas() throws Exception {
        assertThat(Fixtures.snapshot(Fixtures.CORPUS)).isEqualTo(corpusBefore);
        for (Path f : Fixtures.files(out)) {
            assertThat(f.normalize().toAbsolutePath()).startsWith(out.toAbsolutePath());
        }
        assertThat(out.resolve(OutputFolder.JOURNAL)).doesNotExist();
    }

    @Test
    void anOutputFolderInsideAnInputOrHoldingOneIsRefused() {
        Screening s = new Screening(sessions, tmp.resolve("config"));
        Path inside = Fixtures.CORPUS.resolve("lesion/results");
        assertThatThrownBy(() -> s.run(ScreeningOptions.defaults(List.of(Fixtures.CORPUS), inside, Fixtures.MODEL),
                ScreeningListener.NONE, new CancellationToken()))
                .isInstanceOfSatisfying(ScreeningException.class, e -> {
                    assertThat(e.isUsageError()).isTrue();
                    assertThat(e.getMessage()).contains("inside the input folder");
                });
        assertThat(inside).doesNotExist();
        assertThatThrownBy(() -> s.run(ScreeningOptions.defaults(List.of(Fixtures.CORPUS.resolve("ct")),
                Fixtures.CORPUS, Fixtures.MODEL), ScreeningListener.NONE, new CancellationToken()))
                .hasMessageContaining("contains the input");
        assertThatThrownBy(() -> s.run(ScreeningOptions.defaults(List.of(Fixtures.CORPUS), out, Fixtures.MODEL),
                ScreeningListener.NONE, new CancellationToken()))
                .hasMessageContaining("not empty");
    }
}
