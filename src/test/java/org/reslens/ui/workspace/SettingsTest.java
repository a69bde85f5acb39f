package org.reslens.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.Main;
import org.reslens.dicom.ErrorKind;
import org.reslens.study.IndexFailure;
import org.reslens.study.Location;
import org.reslens.ui.ViewerOptions;

/** Recent studies, the failure summary, the viewer's command line and what opens the viewer. */
class SettingsTest {
    @Test
    void recentStudiesKeepTheNewestFirstWithoutDuplicatesAndSurviveARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cfg/recent.json");
        RecentStudies r = new RecentStudies(file);
        assertThat(r.load()).isEmpty();
        r.add(List.of(Path.of("/a")), "A");
        r.add(List.of(Path.of("/b")), "B");
        r.add(List.of(Path.of("/a")), "A again");
        List<RecentStudies.Entry> l = new RecentStudies(file).load();
        assertThat(l).extracting(RecentStudies.Entry::label).containsExactly("A again", "B");
        for (int i = 0; i < 20; i++) {
            r.add(List.of(Path.of("/x" + i)), "X" + i);
        }
        assertThat(r.load()).hasSize(RecentStudies.MAX);
        Files.writeString(file, "{ broken");
        assertThat(r.load()).isEmpty();
    }

    @Test
    void failuresAreSummarisedByKindWithTheFilesAsDetails() {
        List<IndexFailure> f = List.of(
                new IndexFailure(new Location.InFile(Path.of("a.txt")), ErrorKind.NOT_DICOM, "no preamble", -1),
                new IndexFailure(new Location.InFile(Path.of("b.dcm")), ErrorKind.TRUNCATED, "ends early", 200),
                new IndexFailure(new Location.InFile(Path.of("c.txt")), ErrorKind.NOT_DICOM, "no preamble", -1));
        Notice n = OpenSummary.of(f, 10);
        assertThat(n.title()).isEqualTo("3 files could not be opened");
        assertThat(n.text()).isEqualTo("2 not DICOM, 1 truncated. The other files were opened.");
        assertThat(n.details()).containsExactly("a.txt: not dicom \u2014 no preamble",
                "b.dcm: truncated \u2014 ends early (at byte 200)", "c.txt: not dicom \u2014 no preamble");
        assertThat(OpenSummary.of(List.of(), 3)).isNull();
    }

    @Test
    void viewerOptionsParseLayoutDemoAndInputs() {
        ViewerOptions o = ViewerOptions.parse(List.of("--demo", "--layout", "2x2", "--no-ai", "a", "--", "--b"));
        assertThat(o.demo()).isTrue();
        assertThat(o.autoRunAi()).isFalse();
        assertThat(o.layout()).isEqualTo(Layout.TWO_BY_TWO);
        assertThat(o.inputs()).containsExactly(Path.of("a"), Path.of("--b"));
        assertThatThrownBy(() -> ViewerOptions.parse(List.of("--layout", "3x3"))).hasMessageContaining("3x3");
        assertThatThrownBy(() -> ViewerOptions.parse(List.of("--frobnicate"))).hasMessageContaining("unknown");
    }

    @Test
    void subcommandsGoToTheCommandLineAndEverythingElseOpensTheViewer() {
        assertThat(Main.opensViewer(new String[0])).isTrue();
        assertThat(Main.opensViewer(new String[] {"--demo"})).isTrue();
        assertThat(Main.opensViewer(new String[] {"src/test/resources/study/shuffled"})).isTrue();
        assertThat(Main.opensViewer(new String[] {"info", "x.dcm"})).isFalse();
        assertThat(Main.opensViewer(new String[] {"--help"})).isFalse();
        assertThat(Main.opensViewer(new String[] {"no-such-command-or-file"})).isFalse();
    }

    @Test
    void userShortcutsOverrideDefaultsAndBadLinesAreReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("shortcuts.properties");
        Files.writeString(f, "HEATMAP=Shift+H\nNO_SUCH_ACTION=K\nINVERT=\n");
        Shortcuts s = new Shortcuts(f);
        assertThat(s.key(Shortcuts.Action.HEATMAP).getName()).isEqualTo("Shift+H");
        assertThat(s.key(Shortcuts.Action.FIT).getName()).isEqualTo("F");
        assertThat(s.problems()).hasSize(2);
        assertThat(KeyImageExporter.suggestedName(org.reslens.ui.Fixtures.firstStack(
                org.reslens.ui.Fixtures.SHUFFLED), 2, true)).isEqualTo("keyimage_ct_series1_slice003_deid.png");
    }
}
