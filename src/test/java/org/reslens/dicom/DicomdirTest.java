package org.reslens.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DICOMDIR written by dcmmkdir over the fixture folder, walked record by record to its files. */
class DicomdirTest {
    private static final Path ROOT = FixtureCorpusTest.ROOT;

    @Test
    void walksRecordsFromTheRootToEveryReferencedFile() throws Exception {
        Dicomdir dir = Dicomdir.read(ROOT.resolve("dicomdir/DICOMDIR"));
        JsonNode manifest = new ObjectMapper().readTree(ROOT.resolve("manifest.json").toFile());
        List<Path> expected = new ArrayList<>();
        for (JsonNode e : manifest.get("files")) {
            if (e.get("path").asText().equals("dicomdir/DICOMDIR")) {
                e.get("referencedFiles").forEach(f -> expected.add(ROOT.resolve(f.asText()).toAbsolutePath()));
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(dir.problems()).isEmpty();
        assertThat(dir.referencedFiles()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void buildsThePatientStudySeriesImageHierarchy() throws Exception {
        Dicomdir dir = Dicomdir.read(ROOT.resolve("dicomdir/DICOMDIR"));
        assertThat(dir.roots()).isNotEmpty().allSatisfy(r -> assertThat(r.type()).isEqualTo("PATIENT"));
        Dicomdir.Record study = dir.roots().get(0).children().get(0);
        assertThat(study.type()).isEqualTo("STUDY");
        Dicomdir.Record series = study.children().get(0);
        assertThat(series.type()).isEqualTo("SERIES");
        assertThat(series.children()).isNotEmpty().allSatisfy(leaf -> assertThat(leaf.file()).isNotNull());
    }

    @Test
    void isRecognisedAsADicomdirAndHasNoPixels() throws Exception {
        DicomFile df = DicomFile.open(ROOT.resolve("dicomdir/DICOMDIR"));
        assertThat(Dicomdir.isDicomdir(df)).isTrue();
        assertThat(df.pixelData()).isEmpty();
    }

    @Test
    void resolvesFileIdsIgnoringCaseButNeverOutsideTheFolder() {
        Path dir = ROOT.resolve("dicomdir").toAbsolutePath();
        assertThat(Dicomdir.resolve(dir, new String[] {"images", "ct000001"})).isNotNull();
        assertThat(Dicomdir.resolve(dir, new String[] {"..", "native"})).isNull();
        assertThat(Dicomdir.resolve(dir, new String[] {"IMAGES", "NOPE"})).isNull();
    }
}
