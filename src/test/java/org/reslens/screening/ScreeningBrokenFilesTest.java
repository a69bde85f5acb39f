package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * A folder of a thousand broken files with two good studies among them (issue #8): the run finishes, ranks the good
 * studies, lists every broken file once in errors.csv with the stage, kind and reason, and writes nothing into the
 * input. The files are made at test time from committed fixtures ({@link BrokenCorpus}, seeded).
 */
class ScreeningBrokenFilesTest {
    static final int BROKEN = 1000;
    static final String LESION_STUDY = "2.25.235436580548160749428112081865856640631";
    static final String NORMAL_STUDY = "2.25.3492684638662810096873545535776639091";

    @TempDir
    Path tmp;

    @Test
    void aThousandBrokenFilesAreEachListedInErrorsCsvAndTheGoodStudiesAreRanked() throws Exception {
        Path in = tmp.resolve("in");
        List<BrokenCorpus.Broken> broken = BrokenCorpus.write(in.resolve("broken"), BROKEN, 20261128L);
        BrokenCorpus.writeGood(in.resolve("good"));
        Map<String, String> before = Fixtures.snapshot(in);
        Path out = tmp.resolve("out");

        ScreeningSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (ModelSessions sessions = Fixtures.sessions(tmp.resolve("cache"))) {
                return new Screening(sessions, tmp.resolve("config")).run(
                        ScreeningOptions.defaults(List.of(in), out, Fixtures.MODEL), ScreeningListener.NONE,
                        new CancellationToken());
            }
        });

        assertThat(Fixtures.snapshot(in)).as("the input folder is untouched").isEqualTo(before);
        assertThat(summary.slicesScored()).isEqualTo(11);
        assertThat(summary.flagged()).isEqualTo(1);

        JsonNode results = Fixtures.json(out.resolve("results.json"));
        assertThat(results.path("complete").asBoolean()).isTrue();
        JsonNode first = results.path("studies").get(0);
        JsonNode second = results.path("studies").get(1);
        assertThat(first.path("studyInstanceUid").asText()).isEqualTo(LESION_STUDY);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("flagged").asBoolean()).isTrue();
        assertThat(first.path("keyImage").path("image").asText()).isNotEmpty();
        assertThat(second.path("studyInstanceUid").asText()).isEqualTo(NORMAL_STUDY);
        assertThat(second.path("rank").asInt()).isEqualTo(2);
        assertThat(second.path("status").asText()).isEqualTo("SCORED");
        for (JsonNode s : results.path("studies")) {
            if (!s.path("studyInstanceUid").asText().equals(LESION_STUDY)
                    && !s.path("studyInstanceUid").asText().equals(NORMAL_STUDY)) {
                // The broken copies whose headers are whole form studies of their own, none of them scored.
                assertThat(s.path("status").asText()).isEqualTo("FAILED");
                assertThat(s.path("score").isNull()).isTrue();
            }
        }

        List<List<String>> rows = csv(Files.readString(out.resolve("errors.csv"), StandardCharsets.UTF_8));
        assertThat(rows.get(0)).containsExactly("location", "study_uid", "stage", "kind", "reason");
        Map<Path, List<String>> byFile = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSize(5);
            List<String> earlier = byFile.put(Path.of(row.get(0)).toAbsolutePath().normalize(), row);
            assertThat(earlier).as("one row per file: %s", row).isNull();
        }
        for (BrokenCorpus.Broken b : broken) {
            List<String> row = byFile.get(b.file().toAbsolutePath().normalize());
            assertThat(row).as("%s (%s of %s) is in errors.csv", b.file().getFileName(), b.mutation(), b.source())
                    .isNotNull();
            if (b.mutation().stage != null) {
                assertThat(row.get(2)).as("stage of %s", b).isEqualTo(b.mutation().stage);
            }
            assertThat(row.get(2)).isIn("index", "read");
            assertThat(row.get(3)).as("kind of %s", b).isIn(b.mutation().kinds);
            assertThat(row.get(4)).as("reason of %s", b).isNotBlank().doesNotStartWith("unexpected");
            if (row.get(2).equals("read")) {
                assertThat(row.get(1)).as("a slice that failed names its study").isNotEmpty();
            }
        }
        assertThat(byFile).hasSize(BROKEN);
        assertThat(summary.failures()).isEqualTo(BROKEN);
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); a leading BOM is dropped. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
