package org.reslens.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.Fixtures;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.Analyzer;
import org.reslens.ui.ai.ModelCatalog;
import org.reslens.ui.browser.StudyBrowserViewModel;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.viewport.ViewportViewModel;

class WorkspaceViewModelTest {
    @TempDir
    Path config;

    private WorkspaceViewModel workspace() {
        return workspace(null);
    }

    private WorkspaceViewModel workspace(Analyzer analyzer) {
        FrameStore store = new FrameStore(32L << 20);
        ViewportViewModel.Services vs = new ViewportViewModel.Services(store, Fixtures.DIRECT, Fixtures.DIRECT,
                Fixtures.DIRECT, 1);
        Analyzer none = new Analyzer() {
            @Override
            public List<String> analyse(org.reslens.ui.ai.ModelEntry m, org.reslens.ui.series.StackRef s,
                                        Listener l, java.util.function.BooleanSupplier c) {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
        ModelCatalog catalog = new ModelCatalog(List.of());
        if (analyzer != null) {
            catalog.add(Fixtures.BYO_MODEL);
        }
        AiPanelViewModel ai = new AiPanelViewModel(catalog, analyzer == null ? none : analyzer, Fixtures.DIRECT,
                Fixtures.DIRECT, Fixtures.DIRECT);
        ai.loadModels();
        return new WorkspaceViewModel(new WorkspaceViewModel.Services(new StudyIndexer(Fixtures.DIRECT),
                Fixtures.DIRECT, Fixtures.DIRECT, new RecentStudies(config.resolve("recent.json"))),
                new StudyBrowserViewModel(store, Fixtures.DIRECT, Fixtures.DIRECT), ai,
                List.of(new ViewportViewModel(vs), new ViewportViewModel(vs), new ViewportViewModel(vs),
                        new ViewportViewModel(vs)));
    }

    @Test
    void openingAFolderShowsItsFirstSeriesAndRemembersIt() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.SHUFFLED));
        assertThat(ws.indexingProperty().get()).isFalse();
        assertThat(ws.activeViewport().frameProperty().get()).isNotNull();
        assertThat(ws.browser().stacks()).hasSize(1);
        assertThat(ws.browser().thumbnails()).hasSize(1);
        assertThat(ws.recent()).singleElement().satisfies(e -> assertThat(e.label()).startsWith("Fixture, Alpha"));
        assertThat(new RecentStudies(config.resolve("recent.json")).load()).hasSize(1);
        assertThat(ws.notices()).isEmpty();
        assertThat(ws.ai().stackProperty().get()).isSameAs(ws.activeViewport().stackProperty().get());
        assertThat(ws.statusProperty().get()).startsWith("Opened 1 series, 6 images");
    }

    @Test
    void theMiddleFileIsOnScreenBeforeIndexingEndsAndTheSeriesReplacesItInPlace() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.SHUFFLED));
        // Names a2 b9 k4 m0 q7 zz: the middle one, m0, is slice 3 of 6 by position.
        assertThat(ws.activeViewport().sliceIndexProperty().get()).isEqualTo(2);
        assertThat(ws.activeViewport().sliceCountProperty().get()).isEqualTo(6);
        assertThat(ws.activeViewport().navigated()).isFalse();
    }

    @Test
    void whenTheModelFinishesTheViewerShowsTheMostSuspiciousSliceUnlessTheReaderMoved() {
        WorkspaceViewModel ws = workspace(new org.reslens.ui.ai.FakeAnalyzer(0.1, 0.2, 0.3, 0.4, 0.95, 0.3));
        ws.open(List.of(Fixtures.SHUFFLED));
        assertThat(ws.ai().currentProperty().get().complete()).isTrue();
        assertThat(ws.activeViewport().sliceIndexProperty().get()).isEqualTo(4);
        ws.activeViewport().scrollTo(0);
        ws.ai().run();
        assertThat(ws.activeViewport().sliceIndexProperty().get()).isZero();
    }

    @Test
    void zipArchivesAndDicomdirsOpenLikeFolders() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.STUDY.resolve("zip").resolve("study.zip")));
        assertThat(ws.activeViewport().frameProperty().get()).isNotNull();
        assertThat(ws.activeViewport().sliceCountProperty().get()).isEqualTo(3);
        ws.closeAll();
        ws.open(List.of(Fixtures.STUDY.resolve("dicomdir").resolve("DICOMDIR")));
        assertThat(ws.activeViewport().frameProperty().get()).isNotNull();
        assertThat(ws.activeViewport().sliceCountProperty().get()).isEqualTo(3);
    }

    @Test
    void manyBadFilesMakeOneNoticeNotOneEach() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.MIXED));
        assertThat(ws.notices()).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.WARNING);
            assertThat(n.title()).isEqualTo("4 files could not be opened");
            assertThat(n.details()).hasSize(4).allSatisfy(d -> assertThat(d).contains("mixed"));
        });
        assertThat(ws.activeViewport().stackProperty().get()).isNotNull();
    }

    @Test
    void nothingReadableIsAnErrorAndOpensNothing(@TempDir Path empty) throws Exception {
        java.nio.file.Files.writeString(empty.resolve("a.txt"), "not DICOM");
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(empty));
        assertThat(ws.notices()).singleElement().satisfies(n -> assertThat(n.level()).isEqualTo(Notice.Level.ERROR));
        assertThat(ws.activeViewport().stackProperty().get()).isNull();
        assertThat(ws.recent()).isEmpty();
    }

    @Test
    void widerLayoutsFillEmptyViewportsWithTheNextSeries() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.SHARED));
        assertThat(ws.viewports().get(1).stackProperty().get()).isNull();
        ws.layoutProperty().set(Layout.ONE_BY_TWO);
        assertThat(ws.viewports().get(1).stackProperty().get()).isNotNull()
                .isNotEqualTo(ws.viewports().get(0).stackProperty().get());
        ws.activate(1);
        assertThat(ws.ai().stackProperty().get()).isSameAs(ws.viewports().get(1).stackProperty().get());
        ws.toggleMaximised(1);
        assertThat(ws.maximisedProperty().get()).isEqualTo(1);
        ws.toggleMaximised(1);
        assertThat(ws.maximisedProperty().get()).isEqualTo(-1);
        ws.toggleMaximised(1);
        ws.layoutProperty().set(Layout.ONE);
        assertThat(ws.maximisedProperty().get()).isEqualTo(-1);
        assertThat(ws.activeProperty().get()).isZero();
        ws.toggleMaximised(0);
        assertThat(ws.maximisedProperty().get()).as("nothing to maximise in 1x1").isEqualTo(-1);
    }

    @Test
    void scrollingOneSeriesMovesTheOtherOfTheSameFrameOfReferenceToTheNearestLocation() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.SHARED));
        ws.layoutProperty().set(Layout.ONE_BY_TWO);
        ViewportViewModel a = ws.viewports().get(0);
        ViewportViewModel b = ws.viewports().get(1);
        // Series 4 has slices at z = 0, 3, 6; series 5 at z = 0, 4, 8, 12.
        ViewportViewModel three = a.sliceCountProperty().get() == 3 ? a : b;
        ViewportViewModel four = three == a ? b : a;
        ws.activate(ws.viewports().indexOf(three));
        three.scrollTo(0);
        three.scrollTo(1);                               // z = 3
        assertThat(four.navigation().location()).isEqualTo(4.0);
        three.scrollTo(2);                               // z = 6: 4 and 8 are equally near; the first wins
        assertThat(four.navigation().location()).isIn(4.0, 8.0);
        ws.syncScrollProperty().set(false);
        four.scrollTo(3);
        three.scrollTo(0);
        assertThat(four.navigation().location()).isEqualTo(12.0);
    }

    @Test
    void eachViewportKeepsItsSeriesResultsAndHeatmapWhenAnotherBecomesActive() {
        WorkspaceViewModel ws = workspace(new org.reslens.ui.ai.FakeAnalyzer(0.9, 0.8, 0.95, 0.7));
        ws.open(List.of(Fixtures.SHARED));
        ws.layoutProperty().set(Layout.ONE_BY_TWO);
        ViewportViewModel left = ws.viewports().get(0);
        ViewportViewModel right = ws.viewports().get(1);
        org.reslens.ui.ai.SeriesAnalysis leftResult = ws.ai().currentProperty().get();
        assertThat(leftResult.stackKey()).isEqualTo(left.stackProperty().get().key());

        // Activating the other viewport runs the model on its series (run on open) and leaves the first one's alone.
        ws.activate(1);
        org.reslens.ui.ai.SeriesAnalysis rightResult = ws.ai().currentProperty().get();
        assertThat(rightResult.stackKey()).isEqualTo(right.stackProperty().get().key());
        assertThat(rightResult.complete()).isTrue();
        assertThat(ws.ai().results()).hasSize(2);
        assertThat(coloured(left)).as("the inactive viewport keeps its heatmap").isPositive();
        assertThat(coloured(right)).isPositive();

        // Back to the first: its own results, not a new run; each viewport's score strip reads its own series.
        ws.activate(0);
        assertThat(ws.ai().currentProperty().get()).isSameAs(leftResult);
        assertThat(ws.ai().resultFor(right.stackProperty().get())).isSameAs(rightResult);
        assertThat(coloured(left)).isPositive();
        assertThat(coloured(right)).isPositive();

        // The heatmap switch and style belong to the panel, so they act on every viewport at once.
        ws.ai().toggleHeatmap();
        assertThat(coloured(left)).isZero();
        assertThat(coloured(right)).isZero();
    }

    private static long coloured(ViewportViewModel v) {
        return java.util.Arrays.stream(v.frameProperty().get().image().pixels()).filter(p -> {
            int r = p >> 16 & 0xFF;
            int g = p >> 8 & 0xFF;
            int b = p & 0xFF;
            return Math.abs(r - g) > 8 || Math.abs(g - b) > 8;
        }).count();
    }

    @Test
    void aDroppedStackOpensInTheViewportItWasDroppedOn() {
        WorkspaceViewModel ws = workspace();
        ws.open(List.of(Fixtures.SHARED));
        String key = ws.browser().stacks().get(1).key();
        ws.layoutProperty().set(Layout.TWO_BY_TWO);
        ws.openStack(key, 3);
        assertThat(ws.viewports().get(3).stackProperty().get().key()).isEqualTo(key);
        ws.closeAll();
        assertThat(ws.browser().stacks()).isEmpty();
        assertThat(ws.viewports()).allSatisfy(v -> assertThat(v.stackProperty().get()).isNull());
    }
}
