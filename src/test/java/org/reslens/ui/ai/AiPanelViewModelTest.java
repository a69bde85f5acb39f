package org.reslens.ui.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.explain.ColourMap;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.ui.Fixtures;
import org.reslens.ui.series.StackRef;

class AiPanelViewModelTest {
    private static final double[] SCORES = {0.1, 0.9, 0.2, 0.7, 0.05, 0.6};

    private static AiPanelViewModel panel(FakeAnalyzer analyzer, java.util.concurrent.Executor ai) {
        // The byo fixture bundle accepts any modality; a catalog of it stands in for the bundled models folder.
        ModelCatalog catalog = new ModelCatalog(List.of());
        catalog.add(Fixtures.BYO_MODEL);
        AiPanelViewModel vm = new AiPanelViewModel(catalog, analyzer, Fixtures.DIRECT, ai, Fixtures.DIRECT);
        vm.autoRunProperty().set(false);
        vm.loadModels();
        return vm;
    }

    @Test
    void runFillsPerSliceScoresAndTheSeriesScore() {
        FakeAnalyzer fake = new FakeAnalyzer(SCORES);
        AiPanelViewModel vm = panel(fake, Fixtures.DIRECT);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        vm.stackProperty().set(s);
        assertThat(vm.selectedProperty().get()).isNotNull();
        vm.run();
        SeriesAnalysis a = vm.currentProperty().get();
        assertThat(a.complete()).isTrue();
        assertThat(a.done()).isEqualTo(6);
        assertThat(a.seriesScore()).isEqualTo(0.9);
        assertThat(a.peakSlice()).hasValue(1);
        assertThat(a.seriesScale()).isNotNull();
        assertThat(a.notes()).contains("note from the fake");
        assertThat(vm.studyScore()).isEqualTo(0.9);
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("3 of 6 slices");
    }

    @Test
    void theStatusSpeaksOfTheActiveSeries() {
        AiPanelViewModel vm = panel(new FakeAnalyzer(SCORES), Fixtures.DIRECT);
        List<StackRef> two = Fixtures.stacks(Fixtures.index(Fixtures.SHARED));
        vm.stackProperty().set(two.get(0));
        vm.run();
        String done = vm.statusProperty().get();
        assertThat(done).startsWith("Done:");
        vm.stackProperty().set(two.get(1));
        assertThat(vm.statusProperty().get()).as("nothing run on this one yet").isEmpty();
        vm.stackProperty().set(two.get(0));
        assertThat(vm.statusProperty().get()).isEqualTo(done);
    }

    @Test
    void nextSuspiciousSliceWrapsAroundAndFollowsTheThreshold() {
        AiPanelViewModel vm = panel(new FakeAnalyzer(SCORES), Fixtures.DIRECT);
        vm.stackProperty().set(Fixtures.firstStack(Fixtures.SHUFFLED));
        vm.run();
        assertThat(vm.nextSuspicious(1, 1)).hasValue(3);
        assertThat(vm.nextSuspicious(5, 1)).hasValue(1);
        assertThat(vm.nextSuspicious(1, -1)).hasValue(5);
        HeatmapStyle s = vm.styleProperty().get();
        vm.styleProperty().set(new HeatmapStyle(true, s.colourMap(), s.opacity(), 0.95, s.heatFloor(), true));
        assertThat(vm.nextSuspicious(0, 1)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void theOverlayShowsOnSuspiciousSlicesOnlyAndFollowsTheStyle() {
        AiPanelViewModel vm = panel(new FakeAnalyzer(SCORES), Fixtures.DIRECT);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        vm.stackProperty().set(s);
        vm.run();
        var overlay = vm.overlayFor(s);
        ArgbBuffer hot = overlay.overlay(1).orElseThrow();
        assertThat(hot.width()).isEqualTo(8);
        assertThat(hot.argb(0, 0) >>> 24).as("opacity 0.45").isEqualTo(115);
        assertThat(hot.argb(0, 0) & 0xFFFFFF).isEqualTo(ColourMap.INFERNO.rgb(1.0));
        assertThat(hot.argb(7, 7) >>> 24).as("below the heat floor").isZero();
        assertThat(overlay.overlay(0)).as("p 0.1 is below the 0.5 threshold").isEmpty();
        int version = vm.overlayVersionProperty().get();
        vm.toggleHeatmap();
        assertThat(vm.overlayVersionProperty().get()).isGreaterThan(version);
        assertThat(overlay.overlay(1)).isEmpty();
    }

    @Test
    void cancellingKeepsTheSlicesDoneSoFar() {
        Deque<Runnable> ai = new ArrayDeque<>();
        FakeAnalyzer fake = new FakeAnalyzer(SCORES);
        fake.stopAfter = 2;
        AiPanelViewModel vm = panel(fake, ai::add);
        List<StackRef> shared = Fixtures.stacks(Fixtures.index(Fixtures.SHARED));
        vm.stackProperty().set(shared.get(1));
        vm.run();
        assertThat(vm.runningProperty().get()).isTrue();
        ai.poll().run();                 // the analyzer stops after two slices, as a cancel between batches does
        SeriesAnalysis a = vm.currentProperty().get();
        assertThat(a.cancelled()).isTrue();
        assertThat(a.complete()).isFalse();
        assertThat(a.done()).isEqualTo(2);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Cancelled");

        vm.stackProperty().set(shared.get(0));
        vm.run();
        vm.cancel();
        assertThat(vm.statusProperty().get()).startsWith("Cancelling");
        ai.poll().run();
        assertThat(vm.resultFor(shared.get(0)).done()).isZero();
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aSecondStackWaitsForTheRunningOneAndAutoRunStartsOnOpen() {
        Deque<Runnable> ai = new ArrayDeque<>();
        FakeAnalyzer fake = new FakeAnalyzer(SCORES);
        AiPanelViewModel vm = panel(fake, ai::add);
        vm.autoRunProperty().set(true);
        List<StackRef> shared = Fixtures.stacks(Fixtures.index(Fixtures.SHARED));
        vm.stackProperty().set(shared.get(0));
        vm.stackProperty().set(shared.get(1));
        assertThat(vm.statusProperty().get()).startsWith("Queued");
        while (!ai.isEmpty()) {
            ai.poll().run();
        }
        assertThat(fake.runs).containsExactly(shared.get(0).key(), shared.get(1).key());
        assertThat(vm.resultFor(shared.get(0))).isNotNull();
        assertThat(vm.currentProperty().get().stackKey()).isEqualTo(shared.get(1).key());
    }

    @Test
    void theBundledDefaultIsPreselectedOnlyWhenItAcceptsTheModality(@TempDir Path dir) throws Exception {
        ModelEntry mrOnly = bundle(dir.resolve("mr-model"), true, "MR");
        ModelEntry any = bundle(dir.resolve("any-model"), false);
        AiPanelViewModel vm = new AiPanelViewModel(new ModelCatalog(List.of()), new FakeAnalyzer(SCORES),
                Fixtures.DIRECT, Fixtures.DIRECT, Fixtures.DIRECT);
        vm.models().setAll(any, mrOnly);
        vm.preselect("MR");
        assertThat(vm.selectedProperty().get()).isSameAs(mrOnly);
        vm.preselect("CT");
        assertThat(vm.selectedProperty().get()).isSameAs(any);
        vm.models().setAll(mrOnly);
        vm.selectedProperty().set(null);
        vm.preselect("CT");
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.statusProperty().get()).contains("No model here accepts CT");
    }

    @Test
    void theCatalogListsTheBundledDefaultFirstAndUnusableBundlesWithTheirProblem(@TempDir Path dir)
            throws Exception {
        bundle(dir.resolve("zz-other"), false);
        bundle(dir.resolve(ModelCatalog.DEFAULT_MODEL), true, "MR");
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/metadata.json"), "{ not json");
        List<ModelEntry> found = new ModelCatalog(List.of(dir)).discover();
        assertThat(found).extracting(ModelEntry::bundledDefault).containsExactly(true, false, false);
        assertThat(found.get(0).accepts("MR")).isTrue();
        assertThat(found.get(0).accepts("CT")).isFalse();
        assertThat(found).filteredOn(e -> e.bundle() == null).singleElement()
                .satisfies(e -> assertThat(e.problem()).isNotBlank());
        ModelEntry other = found.stream().filter(e -> e.name().equals("zz-other")).findFirst().orElseThrow();
        assertThat(other.accepts("CT")).isTrue();
        assertThat(other.explainedClassName()).isEqualTo("beta");
    }

    /** A copy of the bring-your-own fixture bundle, optionally restricted to some modalities. */
    static ModelEntry bundle(Path dir, boolean bundled, String... modalities) throws Exception {
        Files.createDirectories(dir);
        Files.copy(Fixtures.BYO_MODEL.resolve("resnet-gemm.onnx"), dir.resolve("resnet-gemm.onnx"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(Fixtures.BYO_MODEL.resolve("metadata.json").toFile());
        if (modalities.length > 0) {
            ObjectNode accepts = ((ObjectNode) meta.get("reslens")).putObject("accepts");
            ArrayNode m = accepts.putArray("modalities");
            for (String x : modalities) {
                m.add(x);
            }
        }
        json.writeValue(dir.resolve("metadata.json").toFile(), meta);
        return ModelCatalog.load(dir, bundled);
    }
}
