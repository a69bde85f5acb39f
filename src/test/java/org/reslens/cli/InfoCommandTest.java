package org.reslens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code info} command's JSON Lines contract and exit codes, on files made by dcmtk/GDCM and broken ones. */
class InfoCommandTest {
    private static final Path FIXTURES = Path.of("src/test/resources/dicom");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> nodes = new java.util.ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    nodes.add(JSON.readTree(l));
                }
            }
            return nodes;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReslensCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** A native signed CT slice written by dcmtk (see src/test/fixtures/make-fixtures.sh). */
    private static Path anyGoodFixture() {
        return FIXTURES.resolve("native/ct_s16.dcm");
    }

    @Test
    void printsOneJsonObjectPerFileInTheOrderGivenAndExitsZeroWhenAllAreRead() throws Exception {
        Path good = anyGoodFixture();
        Run r = run("info", "--json", "--pixels", good.toString(), good.toString());
        assertThat(r.exitCode()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("file").asText()).isEqualTo(good.toString());
        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(first.fieldNames()).toIterable().containsSubsequence("file", "ok", "transferSyntaxUID",
                "sopClassUID", "modality", "rows", "columns", "frames", "samplesPerPixel",
                "photometricInterpretation", "bitsAllocated", "bitsStored", "pixelRepresentation", "pixels");
        assertThat(first.get("pixels").fieldNames()).toIterable().containsExactly("min", "max", "sum");
        assertThat(lines.get(1)).isEqualTo(first);
    }

    @Test
    void reportsABadFileAsATypedErrorAndKeepsGoingWithExitOne(@TempDir Path dir) throws Exception {
        Path good = anyGoodFixture();
        Path empty = Files.write(dir.resolve("empty.dcm"), new byte[0]);
        Path garbage = Files.writeString(dir.resolve("notes.dcm"), "hello, this is not DICOM at all".repeat(10));
        byte[] whole = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.dcm"), java.util.Arrays.copyOf(whole, whole.length - 62));
        Run r = run("info", "--json", empty.toString(), garbage.toString(), cut.toString(), good.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).at("/error/kind").asText()).isEqualTo("NOT_DICOM");
        assertThat(lines.get(1).at("/error/kind").asText()).isEqualTo("NOT_DICOM");
        assertThat(lines.get(2).at("/error/kind").asText()).isEqualTo("TRUNCATED");
        assertThat(lines.get(2).at("/error/message").asText()).contains("62 bytes early");
        assertThat(lines.get(3).get("ok").asBoolean()).isTrue();
        for (JsonNode l : lines.subList(0, 3)) {
            assertThat(l.get("ok").asBoolean()).isFalse();
            assertThat(l.fieldNames()).toIterable().containsExactly("file", "ok", "error");
        }
    }

    @Test
    void exitsTwoOnAUsageError() {
        assertThat(run("info").exitCode()).isEqualTo(2);
        assertThat(run("info", "--no-such-option", "x.dcm").exitCode()).isEqualTo(2);
    }

    @Test
    void reportsAMissingFileAsIoError() throws Exception {
        Run r = run("info", "--json", "/no/such/file.dcm");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines().get(0).at("/error/kind").asText()).isEqualTo("IO");
    }

    @Test
    void readableModeDumpsAttributes() throws Exception {
        Run r = run("info", "--dump", anyGoodFixture().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Transfer syntax:").contains("(0028,0010) US Rows");
    }
}
