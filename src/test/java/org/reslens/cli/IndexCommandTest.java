package org.reslens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code index} command's JSON Lines contract, readable tree and exit codes, on the study fixtures. */
class IndexCommandTest {
    private static final Path FIXTURES = Path.of("src/test/resources/study");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STACK_KEYS = List.of("patientID", "patientName", "studyInstanceUID",
            "studyDate", "seriesInstanceUID", "seriesNumber", "modality", "seriesDescription", "rows", "columns",
            "frames", "orderedBy", "sliceSpacing", "warnings", "files");

    record Run(int exitCode, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    nodes.add(JSON.readTree(l));
                }
            }
            return nodes;
        }
    }

    /**
     * Runs the command under the root command with the root's usage-error handling. Until {@code index} is
     * registered in ReslensCommand it is added here, so this test does not depend on that wiring.
     */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReslensCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    @Test
    void printsOneObjectPerStackWithTheDocumentedFieldsAndFilesInDisplayOrder() throws Exception {
        Path reversed = FIXTURES.resolve("reversed");
        Run r = run("index", "--json", reversed.toString());
        assertThat(r.exitCode()).isZero();
        JsonNode stack = r.lines().get(0);
        assertThat(r.lines()).hasSize(1);
        assertThat(fieldNames(stack)).isEqualTo(STACK_KEYS);
        assertThat(stack.get("patientID").asText()).isEqualTo("STUDY-FIX-1");
        assertThat(stack.get("patientName").asText()).isEqualTo("Fixture^Alpha");
        assertThat(stack.get("studyInstanceUID").asText()).isEqualTo("1.2.826.0.1.3680043.10.1234.77.1");
        assertThat(stack.get("studyDate").asText()).isEqualTo("20260101");
        assertThat(stack.get("seriesInstanceUID").asText()).isEqualTo("1.2.826.0.1.3680043.10.1234.77.1.2");
        assertThat(stack.get("seriesNumber").isInt()).isTrue();
        assertThat(stack.get("seriesNumber").asInt()).isEqualTo(2);
        assertThat(stack.get("modality").asText()).isEqualTo("CT");
        assertThat(stack.get("seriesDescription").asText()).isEqualTo("Reversed positions");
        assertThat(stack.get("rows").asInt()).isEqualTo(8);
        assertThat(stack.get("columns").asInt()).isEqualTo(8);
        assertThat(stack.get("frames").asInt()).isEqualTo(5);
        assertThat(stack.get("orderedBy").asText()).isEqualTo("IMAGE_POSITION");
        assertThat(stack.get("sliceSpacing").asDouble()).isEqualTo(10.0);
        assertThat(stack.get("warnings").isArray()).isTrue();
        assertThat(stack.get("warnings")).isEmpty();
        assertThat(texts(stack.get("files"))).containsExactly(reversed.resolve("IM5.dcm").toString(),
                reversed.resolve("IM4.dcm").toString(), reversed.resolve("IM3.dcm").toString(),
                reversed.resolve("IM2.dcm").toString(), reversed.resolve("IM1.dcm").toString());
    }

    @Test
    void multiFrameStacksRepeatTheFileWithFrameNumbersBesideIt() throws Exception {
        Path file = FIXTURES.resolve("enhanced/enhanced_mr.dcm");
        Run r = run("index", "--json", file.toString());
        assertThat(r.exitCode()).isZero();
        JsonNode stack = r.lines().get(0);
        List<String> keys = new ArrayList<>(STACK_KEYS);
        keys.add("frameNumbers");
        assertThat(fieldNames(stack)).isEqualTo(keys);
        assertThat(texts(stack.get("files"))).hasSize(4).containsOnly(file.toString());
        assertThat(texts(stack.get("frameNumbers"))).containsExactly("2", "4", "1", "3");
    }

    @Test
    void warningsAreObjectsWithAKindAndAMessage() throws Exception {
        Run r = run("index", "--json", FIXTURES.resolve("tilted").toString());
        JsonNode warning = r.lines().get(0).get("warnings").get(0);
        assertThat(fieldNames(warning)).containsExactly("kind", "message");
        assertThat(warning.get("kind").asText()).isEqualTo("SHEARED");
        assertThat(r.lines().get(0).get("sliceSpacing").asDouble()).isEqualTo(4.829629);
    }

    @Test
    void reportsUnreadableFilesAfterTheStacksAndExitsOne() throws Exception {
        Path mixed = FIXTURES.resolve("mixed");
        Run r = run("index", "--json", mixed.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0).get("frames").asInt()).isEqualTo(2);
        List<JsonNode> failures = lines.subList(1, 5);
        assertThat(failures).extracting(l -> l.get("file").asText()).containsExactly(
                mixed.resolve("cut_header.dcm").toString(), mixed.resolve("empty.dcm").toString(),
                mixed.resolve("notes.txt").toString(), mixed.resolve("truncated.dcm").toString());
        assertThat(failures).allSatisfy(l -> {
            assertThat(fieldNames(l)).containsExactly("file", "ok", "error");
            assertThat(l.get("ok").asBoolean()).isFalse();
            assertThat(fieldNames(l.get("error"))).startsWith("kind", "message");
        });
        assertThat(failures.get(1).at("/error/kind").asText()).isEqualTo("NOT_DICOM");
        assertThat(failures.get(3).at("/error/kind").asText()).isEqualTo("TRUNCATED");
        assertThat(failures.get(3).at("/error/message").asText()).contains("40 bytes early");
    }

    @Test
    void namesZipEntriesInsideTheirArchive() throws Exception {
        Path zip = FIXTURES.resolve("zip/study.zip");
        Run r = run("index", "--json", zip.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(texts(r.lines().get(0).get("files"))).containsExactly(zip + "!/series/slice2.dcm",
                zip + "!/series/slice1.dcm", zip + "!/series/slice0.dcm");
        assertThat(r.lines().get(1).get("file").asText()).isEqualTo(zip + "!/readme.txt");
    }

    @Test
    void exitsTwoOnAUsageError() {
        assertThat(run("index").exitCode()).isEqualTo(2);
        assertThat(run("index", "--no-such-option", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void readableModePrintsATree() {
        Run r = run("index", FIXTURES.resolve("localizer").toString(), FIXTURES.resolve("mixed").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("Patient Fixture^Alpha (ID STUDY-FIX-1)")
                .contains("Series 6 CT \"Axial with scout\"")
                .contains("Stack axial: 4 slice(s) 8x8, ordered by position along the slice normal, spacing 5.000 mm")
                .contains("Stack sagittal localizer: 1 slice(s)")
                .contains("STRUCTURED_REPORT SR \"Report\"")
                .contains("Unreadable:")
                .contains("2 patient(s), 2 stud(ies), 2 series, 5 stack(s), 4 unreadable");
    }
}
