package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Tags;
import org.reslens.dicom.write.PseudonymKey;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * {@code --deidentify}: every byte of every output (reports, key images, DICOM results, whatever else lands in the
 * folder) is scanned for every identifier of the source: names (UTF-8 and Latin-1), IDs, birth dates, accession
 * numbers, study IDs, dates and UIDs of studies, series and instances; and for the pseudonym key.
 */
class ScreeningDeidentificationTest {
    @TempDir
    static Path tmp;
    static ModelSessions sessions;
    static Path corpus;
    static Path config;
    static Path first;
    static Path second;
    static final Set<String> identifiers = new LinkedHashSet<>();
    static final List<String> heard = new ArrayList<>();

    @BeforeAll
    static void screenTwice() throws Exception {
        sessions = Fixtures.sessions(tmp.resolve("cache"));
        corpus = tmp.resolve("synthetic");
        List<SyntheticCorpus.StudyInfo> studies = new ArrayList<>(SyntheticCorpus.writeMr(corpus.resolve("mr"), 4,
                6, 11));
        studies.add(SyntheticCorpus.writeCt(corpus.resolve("ct"), 2, 11));
        SyntheticCorpus.writeBroken(corpus.resolve("broken"), 11);
        SyntheticCorpus.writeNonImage(corpus.resolve("mr/study-00000/KO.dcm"), studies.get(0));
        for (SyntheticCorpus.StudyInfo s : studies) {
            identifiers.addAll(List.of(s.patientName(), s.patientId(), s.birthDate(), s.accession(), s.studyUid(),
                    s.seriesUid()));
            identifiers.addAll(s.sopUids());
        }
        JsonNode manifest = Fixtures.manifest();
        manifest.path("identifiers").forEach(i -> identifiers.add(i.asText()));
        manifest.path("studies").forEach(s -> {
            identifiers.add(s.path("date").asText());
            if (s.path("description").asText().contains("FIXTURE")) {
                identifiers.add(s.path("description").asText()); // ("TRUNCATED" is also an error kind's name)
            }
        });
        identifiers.addAll(List.of("MÜLLER", "JÖRG", "FIXTURE^", "SYNTHETIC^PATIENT", "REFERRER"));
        identifiers.remove("");

        config = tmp.resolve("config");
        ScreeningListener listener = new ScreeningListener() {
            @Override
            public synchronized void note(String message) {
                heard.add(message);
            }

            @Override
            public synchronized void studyDone(StudyResult result, ScreeningProgress progress) {
                heard.add(result.toString());
            }
        };
        first = tmp.resolve("out1");
        second = tmp.resolve("out2");
        for (Path out : List.of(first, second)) {
            ScreeningOptions o = ScreeningOptions.defaults(List.of(Fixtures.CORPUS, corpus), out, Fixtures.MODEL)
                    .withDeidentify(true).withDicomResults(true).withThreshold(0.3);
            new Screening(sessions, config).run(o, listener, new CancellationToken());
        }
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void noOutputByteSpellsASourceIdentifierOrTheKey() throws Exception {
        byte[] key = HexFormat.of().parseHex(Files.readString(config.resolve(PseudonymKey.FILE_NAME)).trim());
        List<byte[]> needles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String id : identifiers) {
            needles.add(id.getBytes(StandardCharsets.UTF_8));
            names.add(id);
            byte[] latin1 = id.getBytes(StandardCharsets.ISO_8859_1);
            if (!java.util.Arrays.equals(latin1, needles.get(needles.size() - 1))) {
                needles.add(latin1);
                names.add(id + " (Latin-1)");
            }
        }
        needles.add(key);
        names.add("the key");
        needles.add(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        names.add("the key in hex");
        List<Path> files = new ArrayList<>(Fixtures.files(first));
        files.addAll(Fixtures.files(second));
        assertThat(files).hasSizeGreaterThan(10);
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            for (int i = 0; i < needles.size(); i++) {
                if (indexOf(data, needles.get(i)) >= 0 || name.contains(names.get(i))) {
                    found.add(names.get(i) + " in " + f);
                }
            }
        }
        for (String message : heard) {
            for (String id : identifiers) {
                if (message.contains(id)) {
                    found.add(id + " in what the listener heard");
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void pseudonymsAreStableAcrossRunsWithTheSameKey() throws Exception {
        JsonNode a = Fixtures.json(first.resolve("results.json"));
        JsonNode b = Fixtures.json(second.resolve("results.json"));
        assertThat(a.path("deidentified").asBoolean()).isTrue();
        assertThat(a.path("studies")).hasSize(b.path("studies").size()).hasSize(8);
        for (int i = 0; i < a.path("studies").size(); i++) {
            JsonNode x = a.path("studies").get(i);
            JsonNode y = b.path("studies").get(i);
            assertThat(x.path("patientId").asText()).matches("ANON-[A-Z2-7]{12}").isEqualTo(y.path("patientId")
                    .asText());
            assertThat(x.path("studyInstanceUid").asText()).startsWith("2.25.").isEqualTo(y.path("studyInstanceUid")
                    .asText());
            assertThat(x.path("patientName").asText()).startsWith("ANONYMOUS^");
            assertThat(x.path("description").isNull()).isTrue();
            assertThat(x.path("studyDate").isNull()).isTrue();
            assertThat(x.path("accessionNumber").isNull()).isTrue();
        }
    }

    @Test
    void deidentifiedDicomResultsSayHowAndReferenceTheRemappedSlices() throws Exception {
        JsonNode results = Fixtures.json(first.resolve("results.json"));
        JsonNode flagged = null;
        for (JsonNode s : results.path("studies")) {
            if (s.path("dicomResults").size() == 2) {
                flagged = s;
                break;
            }
        }
        assertThat(flagged).as("a flagged study with DICOM results").isNotNull();
        Attributes sr = DicomFile.open(first.resolve(flagged.path("dicomResults").get(1).asText())).dataset();
        assertThat(sr.getString(0x00120062)).isEqualTo("YES");
        assertThat(sr.getString(Tags.PatientID)).isEqualTo(flagged.path("patientId").asText());
        assertThat(sr.getString(Tags.StudyInstanceUID)).isEqualTo(flagged.path("studyInstanceUid").asText());
        assertThat(sr.getString(Tags.PatientBirthDate)).isNullOrEmpty();
        String topSop = flagged.path("topSlices").get(0).path("sopInstanceUid").asText();
        List<String> referenced = new ArrayList<>();
        for (Attributes se : sr.getSequence(0x0040A375).get(0).getSequence(0x00081115)) {
            se.getSequence(0x00081199).forEach(r -> referenced.add(r.getString(0x00081155)));
        }
        assertThat(referenced).contains(topSop);
    }

    @Test
    void fileLocationsInErrorsCsvAreTokensNotPaths() throws Exception {
        List<String> rows = Files.readAllLines(first.resolve("errors.csv"), StandardCharsets.UTF_8);
        assertThat(rows).hasSizeGreaterThan(3);
        for (String row : rows.subList(1, rows.size())) {
            assertThat(row).startsWith("file-").doesNotContain("/").doesNotContain("truncated");
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
