package org.reslens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code reslens evaluate} end to end with the real default model on the committed subset
 * (src/test/resources/evaluation): its JSON must equal what the Python recipe computes from the same DICOM files and
 * the same ONNX graph ({@code expected-metrics.json}, made by models/training/evaluate_dicom.py): probabilities within
 * 1e-4, the same heatmap maxima, hence the same pointing game; AUC and sensitivity exactly, since the rankings agree.
 */
class EvaluateCommandTest {
    private static final Path BUNDLE = Path.of("models/brain-lesion-demo");
    private static final Path SUBSET = Path.of("src/test/resources/evaluation");
    private static final String REGENERATE = "/usr/bin/python3 models/training/evaluate_dicom.py"
            + " src/test/resources/evaluation --out src/test/resources/evaluation/expected-metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void needsTheModel() {
        assumeTrue(Files.isRegularFile(BUNDLE.resolve("metadata.json")), "the default model is not in this checkout");
    }

    /** Runs the CLI through ReslensCommand.execute, with a cache folder of this test. */
    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--cache-dir=" + tmp.resolve("cache"));
        if (!all.contains("--model")) {
            all.add(1, "--model=" + BUNDLE);
        }
        int code = ReslensCommand.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theRootCommandOffersEvaluate() {
        assertThat(new CommandLine(new ReslensCommand()).getSubcommands()).containsKey("evaluate");
    }

    @Test
    void metricsOnTheCommittedSubsetEqualThePythonReference() throws Exception {
        Run r = run("evaluate", "--per-slice", SUBSET.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = r.json();
        JsonNode want = JSON.readTree(SUBSET.resolve("expected-metrics.json").toFile());
        assertThat(got.at("/model/sha256").asText()).as("expected-metrics.json was made for another model.onnx;"
                + " regenerate it with: " + REGENERATE).isEqualTo(want.at("/model/sha256").asText());
        assertThat(got.get("slices")).isEqualTo(want.get("slices"));
        assertThat(got.get("failures")).isEmpty();

        JsonNode gs = got.get("perSlice");
        JsonNode ws = want.get("perSlice");
        assertThat(gs).hasSize(ws.size());
        for (int i = 0; i < ws.size(); i++) {
            JsonNode g = gs.get(i);
            JsonNode w = ws.get(i);
            String what = w.get("file").asText();
            assertThat(g.get("file").asText()).isEqualTo(what);
            assertThat(g.get("label")).isEqualTo(w.get("label"));
            assertThat(g.get("probability").asDouble()).as(what).isCloseTo(w.get("probability").asDouble(),
                    within(1e-4));
            assertThat(g.get("score").asDouble()).as(what).isCloseTo(w.get("score").asDouble(), within(1e-4));
            assertThat(g.get("heatmapMaxTensor")).as(what + " heatmap maximum").isEqualTo(w.get("heatmapMaxTensor"));
            if (w.has("distanceMm")) {
                assertThat(g.get("distanceMm").asDouble()).as(what).isEqualTo(w.get("distanceMm").asDouble());
                assertThat(g.get("massInMask").asDouble()).as(what).isCloseTo(w.get("massInMask").asDouble(),
                        within(1e-5));
            } else {
                assertThat(g.has("distanceMm")).isFalse();
            }
        }
        assertThat(rankingsAgree(gs, ws)).as("Java and Python order every lesion/normal pair alike").isTrue();

        compareBand("all", got.get("all"), want.get("all"));
        compareBand("goal", got.get("goal"), want.get("goal"));
        for (String group : List.of("bySize", "byContrast")) {
            assertThat(fieldNames(got.get(group))).isEqualTo(fieldNames(want.get(group)));
            for (String band : fieldNames(want.get(group))) {
                compareBand(group + "/" + band, got.get(group).get(band), want.get(group).get(band));
            }
        }
    }

    /** True when no lesion/normal pair is ordered differently by the two sets of scores. */
    private static boolean rankingsAgree(JsonNode got, JsonNode want) {
        for (int i = 0; i < want.size(); i++) {
            for (int j = 0; j < want.size(); j++) {
                if (want.get(i).get("label").asInt() == 1 && want.get(j).get("label").asInt() == 0) {
                    double a = Math.signum(got.get(i).get("score").asDouble() - got.get(j).get("score").asDouble());
                    double b = Math.signum(want.get(i).get("score").asDouble() - want.get(j).get("score").asDouble());
                    if (a != b) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void compareBand(String name, JsonNode g, JsonNode w) {
        for (String count : List.of("lesionSlices", "normalSlices", "localisedSlices")) {
            assertThat(g.get(count)).as(name + " " + count).isEqualTo(w.get(count));
        }
        for (String exact : List.of("rocAuc", "sensitivityAt90Specificity")) {
            assertThat(g.get(exact)).as(name + " " + exact).isEqualTo(w.get(exact));
        }
        assertThat(g.get("pointingGame")).as(name + " pointing game").isEqualTo(w.get("pointingGame"));
        for (String close : List.of("thresholdProbability", "heatmapMassInMask")) {
            if (w.get(close).isNull()) {
                assertThat(g.get(close).isNull()).as(name + " " + close).isTrue();
            } else {
                assertThat(g.get(close).asDouble()).as(name + " " + close).isCloseTo(w.get(close).asDouble(),
                        within(1e-4));
            }
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void writesTheSameJsonToOutAndOneSummaryLineToStderr() throws Exception {
        Path out = tmp.resolve("metrics.json");
        Run r = run("evaluate", "--out", out.toString(), "--workers", "1", "--batch", "5",
                SUBSET.resolve("labels.csv").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(out).strip()).isEqualTo(r.out().strip());
        JsonNode j = r.json();
        assertThat(j.has("perSlice")).isFalse();
        assertThat(j.at("/timing/batch").asInt()).isEqualTo(5);
        assertThat(j.at("/definitions/pointingToleranceMm").toString()).isEqualTo("[0.0,8.0]");
        assertThat(j.at("/all/pointingGame").has("0mm")).isTrue();
        assertThat(j.at("/all/pointingGame").has("8mm")).isTrue();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("Evaluated 32 of 32 slices (16 lesion, 16 normal; 0 failed)")
                .contains("Goal band (>= 10 mm, >= 15%)");
    }

    @Test
    void badRowsGiveExitCodeOneWithTheFailuresListed() throws Exception {
        Path list = tmp.resolve("labels.csv");
        Files.write(list, List.of("file,label,mask",
                SUBSET.resolve("dicom/00000.dcm").toAbsolutePath() + ",0,",
                SUBSET.resolve("dicom/00001.dcm").toAbsolutePath() + ",1," + SUBSET.resolve("masks/00001.png")
                        .toAbsolutePath(),
                tmp.resolve("gone.dcm") + ",0,",
                "x.dcm,2,"));
        Run r = run("evaluate", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode j = r.json();
        assertThat(j.at("/slices/evaluated").asInt()).isEqualTo(2);
        assertThat(j.at("/slices/failed").asInt()).isEqualTo(2);
        assertThat(j.get("failures")).hasSize(2);
        assertThat(JSON.convertValue(j.get("failures").get(0), Map.class)).containsEntry("line", 4)
                .containsEntry("stage", "read").containsEntry("kind", "IO");
        assertThat(JSON.convertValue(j.get("failures").get(1), Map.class)).containsEntry("line", 5)
                .containsEntry("stage", "list");
        assertThat(j.at("/all/rocAuc").isNumber()).isTrue();
        assertThat(j.at("/bySize/3-5/rocAuc").isNull()).isTrue();  // no lesion there: undefined, written as null
    }

    @Test
    void anUnusableListOrModelExitsWithThreeAndSaysWhy() throws Exception {
        Run r = run("evaluate", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.json().at("/error/kind").asText()).isEqualTo("LIST_NOT_FOUND");
        assertThat(r.err()).contains("no labels.csv in folder");
        Run m = run("evaluate", "--model", tmp.resolve("no-model").toString(), SUBSET.toString());
        assertThat(m.exitCode()).isEqualTo(3);
        assertThat(m.json().at("/error/kind").asText()).isEqualTo("BUNDLE_NOT_FOUND");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("evaluate", "--batch", "0", SUBSET.toString()).exitCode()).isEqualTo(2);
        assertThat(run("evaluate", "--workers", "0", SUBSET.toString()).exitCode()).isEqualTo(2);
        assertThat(run("evaluate").exitCode()).isEqualTo(2);
    }
}
