package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts: aggregation rules, ranking, CSV and HTML escaping, the output folder's checks, the journal. */
class ScreeningPartsTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultRuleIsTheMaximumAndMeanOfTopAveragesTheHighest() {
        assertThat(Aggregation.max().apply(new double[] {0.9, 0.2, 0.1})).isEqualTo(0.9);
        assertThat(new Aggregation.MeanOfTop(2).apply(new double[] {0.9, 0.5, 0.1})).isEqualTo(0.7);
        assertThat(new Aggregation.MeanOfTop(5).apply(new double[] {0.9, 0.5})).isEqualTo(0.7);
        assertThat(Aggregation.max().describe()).isEqualTo("maximum of the slice probabilities");
        assertThatThrownBy(() -> new Aggregation.MeanOfTop(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topSlicesKeepTheHighestWithTiesToTheEarlierSlice() {
        TopSlices top = new TopSlices(3);
        org.reslens.study.Slice slice = oneSlice();
        StackJob job = jobOf(slice);
        double[] p = {0.1, 0.8, 0.8, 0.3, 0.9, 0.2};
        for (int i = 0; i < p.length; i++) {
            top.offer(new TopSlices.Scored(job, i, slice, null, p[i], null, null));
        }
        assertThat(top.list()).extracting(TopSlices.Scored::index).containsExactly(4, 1, 2);
    }

    @Test
    void onlyTheFirstTopSliceKeepsItsFeatureMapAndOnlyALeaderWouldNeedOne() {
        TopSlices top = new TopSlices(3);
        org.reslens.study.Slice slice = oneSlice();
        StackJob job = jobOf(slice);
        double[] p = {0.5, 0.3, 0.7, 0.7, 0.6, 0.9};
        for (int i = 0; i < p.length; i++) {
            boolean leads = top.wouldLead(job, i, p[i]);
            assertThat(leads).as("slice %d", i).isEqualTo(i == 0 || i == 2 || i == 5);
            org.reslens.inference.FeatureMap map = leads ? new org.reslens.inference.FeatureMap(1, 1, 1,
                    new float[] {(float) p[i]}) : null;
            top.offer(new TopSlices.Scored(job, i, slice, null, p[i], null, map));
        }
        assertThat(top.list()).extracting(TopSlices.Scored::index).containsExactly(5, 2, 3);
        assertThat(top.list().get(0).features()).isNotNull();
        assertThat(top.list().subList(1, 3)).allSatisfy(s -> assertThat(s.features()).isNull());
        assertThat(top.wouldLead(job, 6, 0.9)).as("a tie goes to the earlier slice").isFalse();
        assertThat(top.wouldLead(job, 0, 0.9)).isTrue();
    }

    @Test
    void aPeriodicReportRewriteNeverReplacesTheFinalReports() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Path outDir = tmp.resolve("out");
        ScreeningOptions o = ScreeningOptions.defaults(List.of(input), outDir, tmp.resolve("model"));
        OutputFolder out = OutputFolder.prepare(outDir, List.of(input), false);
        RunInfo run = new RunInfo("m", "1", "abc", "t", "demo", List.of("n", "l"), 1, 1, 0.5, "max", false, null);
        try (Journal journal = Journal.open(outDir.resolve(OutputFolder.JOURNAL), run)) {
            ResultWriter writer = new ResultWriter(o, out, run, Identity.plain(), null, null, journal,
                    new ProgressTracker(ScreeningListener.NONE, 0, 0), ScreeningListener.NONE, List.of(), List.of());
            writer.periodicReports();
            assertThat(Fixtures.json(outDir.resolve("results.json")).path("complete").asBoolean()).isFalse();
            writer.writeReports(true);
            writer.periodicReports(); // one that was due just before the end and ran late
            assertThat(Fixtures.json(outDir.resolve("results.json")).path("complete").asBoolean()).isTrue();
            assertThat(writer.files()).contains("results.json", "results.csv", "errors.csv", "report.html");
        }
    }

    @Test
    void fixedPointTextIsWhatStringFormatWrites() {
        java.util.Random rng = new java.util.Random(20261128L);
        List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 1.0, 0.00005, 0.00015, 0.12345, 0.99995,
                1.0005, 0.0005, 2.5e-5, 1e-10, 123.4565, 4.9e-324, 1e7, -0.25, Double.NaN,
                Double.POSITIVE_INFINITY));
        for (int i = 0; i < 20_000; i++) {
            values.add(rng.nextDouble());
            values.add(rng.nextDouble() * 1000);
            values.add((rng.nextInt(20_000) + 0.5) / 10_000.0); // ties at the fifth decimal
            values.add((double) (float) rng.nextDouble());
        }
        for (double v : values) {
            for (int places : new int[] {3, 4}) {
                assertThat(Decimals.fixed(v, places)).as("%s to %d places", v, places)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%." + places + "f", v));
            }
        }
    }

    @Test
    void rankingPutsScoredStudiesFirstByDescendingScore() {
        List<StudyResult> ranked = CsvReports.rank(List.of(study("a", null), study("b", 0.2), study("c", 0.9),
                study("d", 0.5)));
        assertThat(ranked).extracting(StudyResult::studyInstanceUid).containsExactly("c", "d", "b", "a");
    }

    @Test
    void csvQuotesSeparatorsAndDefusesFormulas() {
        StudyResult s = new StudyResult("1.2", "=HYPERLINK(\"x\")", "DOE, JOHN", null, null, "line\nbreak",
                List.of("MR"), ResultStatus.SCORED, null, 0.5, true, List.of(), List.of(), null, List.of(), List.of(),
                new StudyResult.Timings(1, 0, 0), "abc");
        String csv = new String(CsvReports.results(List.of(s)), StandardCharsets.UTF_8);
        assertThat(csv).contains("\"'=HYPERLINK(\"\"x\"\")\"").contains("\"DOE, JOHN\"").contains("\"line\nbreak\"");
    }

    @Test
    void htmlEscapesEverythingFromTheFiles() {
        assertThat(HtmlReport.esc("<script>alert('x')</script> & \"")).isEqualTo(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;");
    }

    @Test
    void anOutputFolderBehindASymbolicLinkIntoAnInputIsRefused() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), input);
        assertThatThrownBy(() -> OutputFolder.prepare(link.resolve("out"), List.of(input), false))
                .isInstanceOf(ScreeningException.class).hasMessageContaining("inside the input folder");
        assertThat(input.resolve("out")).doesNotExist();
        Path file = Files.writeString(tmp.resolve("one.dcm"), "x");
        assertThat(OutputFolder.prepare(tmp.resolve("out"), List.of(file), false).root()).isNotNull();
    }

    @Test
    void aTornLastJournalLineIsSkipped() throws Exception {
        Path j = tmp.resolve("journal");
        RunInfo run = new RunInfo("m", "1", "abc", "t", "demo", List.of("n", "l"), 1, 1, 0.5, "max", false, null);
        try (Journal journal = Journal.open(j, run)) {
            journal.append(study("1.2.3", 0.7));
        }
        Files.writeString(j, Files.readString(j) + "{\"studyInstanceUid\":\"1.2.4\",\"sco",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Journal.Contents c = Journal.read(j);
        assertThat(c.deidentified()).isFalse();
        assertThat(c.studies()).extracting(StudyResult::studyInstanceUid).containsExactly("1.2.3");
        assertThat(c.studies().get(0).score()).isEqualTo(0.7);
    }

    /** A slice that is never read: the top-slice bookkeeping only needs its identity. */
    private static org.reslens.study.Slice oneSlice() {
        return new org.reslens.study.Slice(new org.reslens.study.Location.InFile(Path.of("x.dcm")), 1, null, null,
                new org.reslens.study.SliceAttributes(null, null, null, null, org.reslens.study.Rescale.IDENTITY,
                        List.of(), null));
    }

    private static StackJob jobOf(org.reslens.study.Slice slice) {
        org.reslens.study.Stack stack = new org.reslens.study.Stack("axial", 1, 1, false, false, null,
                org.reslens.study.SliceOrder.FILE_ORDER, null, List.of(), List.of(slice));
        return new StackJob(null, null, stack, 1, 0, 3);
    }

    private static StudyResult study(String uid, Double score) {
        return new StudyResult(uid, "P", "N", null, null, null, List.of("MR"),
                score == null ? ResultStatus.SKIPPED : ResultStatus.SCORED, null, score, score != null && score >= 0.5,
                List.of(), List.of(), null, List.of(), List.of(), new StudyResult.Timings(0, 0, 0), "abc");
    }
}
