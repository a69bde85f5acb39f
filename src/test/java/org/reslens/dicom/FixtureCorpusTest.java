package org.reslens.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every file of the fixture corpus (made by dcmtk and GDCM, see src/test/fixtures/make-fixtures.sh) and checks
 * it against the manifest, whose numbers come from those tools and numpy, never from ResLens: header facts, the
 * min/max/sum of stored values, exact equality with the uncompressed source for lossless syntaxes and the measured
 * error bound (+2) for lossy ones, and the error kind for broken files.
 */
class FixtureCorpusTest {
    static final Path ROOT = Path.of("src/test/resources/dicom");

    static Stream<Arguments> entries() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(ROOT.resolve("manifest.json").toFile());
        JsonNode list = manifest.isArray() ? manifest : manifest.path("files");
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : list) {
            out.add(Arguments.of(e.path("path").asText(), e));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void fileMatchesManifest(String path, JsonNode entry) throws Exception {
        JsonNode expect = entry.path("expect");
        Path file = ROOT.resolve(path);
        if (!expect.path("ok").asBoolean(true)) {
            List<String> kinds = new ArrayList<>();
            kinds.add(expect.path("kind").asText());
            expect.path("alsoAcceptableKinds").forEach(k -> kinds.add(k.asText()));
            assertThatThrownBy(() -> readAll(file))
                    .as("%s should fail with %s", path, kinds)
                    .isInstanceOfSatisfying(DicomException.class, e -> {
                        assertThat(e.kind().name()).as(e.getMessage()).isIn(kinds);
                        assertThat(e.getMessage()).contains(file.toString());
                    });
            return;
        }
        DicomFile df = DicomFile.open(file);
        if (entry.hasNonNull("transferSyntaxUID")) {
            assertThat(df.transferSyntaxUid()).isEqualTo(entry.get("transferSyntaxUID").asText());
        }
        if (expect.path("rows").isNull() || expect.path("rows").isMissingNode()) {
            assertThat(df.pixelData()).as("no Pixel Data expected").isEmpty();
        } else {
            ImagePixel ip = df.imagePixel();
            assertThat(ip.rows()).isEqualTo(expect.get("rows").asInt());
            assertThat(ip.columns()).isEqualTo(expect.get("columns").asInt());
            assertThat(ip.frames()).isEqualTo(expect.get("frames").asInt());
            assertThat(ip.samplesPerPixel()).isEqualTo(expect.get("samplesPerPixel").asInt());
            assertThat(ip.photometric().term()).isEqualTo(expect.get("photometricInterpretation").asText());
            assertThat(ip.bitsAllocated()).isEqualTo(expect.get("bitsAllocated").asInt());
            assertThat(ip.bitsStored()).isEqualTo(expect.get("bitsStored").asInt());
            assertThat(ip.pixelRepresentation()).isEqualTo(expect.get("pixelRepresentation").asInt());
            JsonNode px = expect.path("pixels");
            if (px.isObject()) {
                PixelFrame.Stats stats = null;
                for (int f = 0; f < ip.frames(); f++) {
                    PixelFrame frame = df.readFrame(f);
                    assertThat(frame.rows()).isEqualTo(ip.rows());
                    assertThat(frame.columns()).isEqualTo(ip.columns());
                    if (expect.hasNonNull("decodedPhotometricInterpretation")) {
                        assertThat(frame.photometric().term()).as("delivered photometric")
                                .isEqualTo(expect.get("decodedPhotometricInterpretation").asText());
                    }
                    stats = stats == null ? frame.stats() : stats.merge(frame.stats());
                }
                boolean lossy = entry.path("lossy").asBoolean(false);
                if (!lossy) {
                    assertThat(stats.min()).as("min").isEqualTo(px.get("min").asLong());
                    assertThat(stats.max()).as("max").isEqualTo(px.get("max").asLong());
                    assertThat(stats.sum()).as("sum").isEqualTo(px.get("sum").asLong());
                }
            }
            if (entry.hasNonNull("sourcePath")) {
                compareWithSource(df, ROOT.resolve(entry.get("sourcePath").asText()), entry);
            }
        }
        JsonNode strings = entry.path("expectStrings");
        strings.fields().forEachRemaining(f -> {
            Integer tag = DataDictionary.standard().byKeyword(f.getKey()).map(DictionaryEntry::tag).orElse(null);
            assertThat(tag).as("keyword %s", f.getKey()).isNotNull();
            assertThat(df.dataset().getString(tag)).as(f.getKey()).isEqualTo(f.getValue().asText());
        });
    }

    private static void readAll(Path file) throws DicomException {
        DicomFile df = DicomFile.open(file);
        if (df.pixelData().isPresent()) {
            ImagePixel ip = df.imagePixel();
            if (df.transferSyntax() == TransferSyntax.UNKNOWN) {
                df.readFrame(0);
            }
            for (int f = 0; f < ip.frames(); f++) {
                df.readFrame(f);
            }
        }
    }

    /** Lossless: every sample equal to the source's; lossy: within the bound measured with another decoder, plus 2. */
    private static void compareWithSource(DicomFile df, Path source, JsonNode entry) throws DicomException {
        DicomFile src = DicomFile.open(source);
        boolean lossy = entry.path("lossy").asBoolean(false);
        long bound = lossy ? entry.path("maxAbsError").asLong(0) + 2 : 0;
        ImagePixel ip = df.imagePixel();
        for (int f = 0; f < ip.frames(); f++) {
            PixelFrame a = df.readFrame(f);
            PixelFrame b = src.readFrame(f);
            if (a.photometric() != b.photometric() && !lossy) {
                // e.g. YBR_FULL source delivered as RGB by a JPEG decoder: only comparable with a colour transform.
                continue;
            }
            if (a.sampleCount() != b.sampleCount()) {
                if (!lossy) {
                    fail("%s frame %d has %d samples, source %d", df.name(), f, a.sampleCount(), b.sampleCount());
                }
                continue;
            }
            long worst = 0;
            int worstAt = -1;
            for (int i = 0; i < a.sampleCount(); i++) {
                long d = Math.abs(a.sample(i) - b.sample(i));
                if (d > worst) {
                    worst = d;
                    worstAt = i;
                }
            }
            assertThat(worst).as("%s frame %d max |error| vs %s (at sample %d)", df.name(), f, source, worstAt)
                    .isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void corpusCoversEveryTransferSyntaxWeDecode() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(ROOT.resolve("manifest.json").toFile());
        JsonNode list = manifest.isArray() ? manifest : manifest.path("files");
        List<String> seen = new ArrayList<>();
        for (JsonNode e : list) {
            if (e.path("expect").path("ok").asBoolean(true)) {
                seen.add(e.path("transferSyntaxUID").asText());
            }
        }
        for (TransferSyntax ts : TransferSyntax.values()) {
            if (ts != TransferSyntax.UNKNOWN) {
                assertThat(seen).as("a fixture in %s", ts).contains(ts.uid());
            }
        }
        assertThat(Files.size(ROOT.resolve("manifest.json"))).isPositive();
    }
}
