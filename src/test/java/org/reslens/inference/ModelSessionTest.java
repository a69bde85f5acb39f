package org.reslens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;

/** Real ONNX Runtime sessions on the bring-your-own fixture, compared with PyTorch's outputs. */
class ModelSessionTest {
    private static ByoFixture fixture;

    @TempDir
    Path cache;

    @BeforeAll
    static void load() throws Exception {
        fixture = ByoFixture.load();
    }

    private RuntimeOptions options() {
        return RuntimeOptions.interactive().withIntraOpThreads(2).withCacheDirectory(cache);
    }

    @Test
    void probabilitiesEqualPyTorchsForEveryHeadVariant() throws Exception {
        for (String variant : List.of("gemm", "gemm-nt", "matmul")) {
            try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model(variant)), options())) {
                for (int i = 0; i < fixture.images(); i++) {
                    Prediction p = s.predict(fixture.input(i));
                    float[] expected = fixture.probabilities.slice(i);
                    float[] logits = fixture.logits.slice(i);
                    for (int c = 0; c < ByoFixture.CLASSES; c++) {
                        assertThat(p.probability(c)).as("%s image %d class %d", variant, i, c)
                                .isCloseTo(expected[c], within(1e-4f));
                        assertThat(p.logits()[c]).isCloseTo(logits[c], within(1e-4f));
                    }
                    assertThat(p.features()).hasValueSatisfying(f -> {
                        assertThat(f.channels()).isEqualTo(32);
                        assertThat(f.height()).isEqualTo(4);
                        assertThat(f.width()).isEqualTo(3);
                    });
                }
            }
        }
    }

    @Test
    void aBatchGivesWhatSingleRunsGive() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            List<ModelInput> inputs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                inputs.add(fixture.input(i % fixture.images()));
            }
            List<Prediction> batched = s.predictAll(inputs, 3, true, () -> false);
            assertThat(batched).hasSize(7);
            for (int i = 0; i < 7; i++) {
                Prediction single = s.predict(inputs.get(i));
                for (int c = 0; c < 3; c++) {
                    assertThat(batched.get(i).probability(c)).isCloseTo(single.probability(c), within(1e-6f));
                }
                float[] a = batched.get(i).features().orElseThrow().values();
                float[] b = single.features().orElseThrow().values();
                for (int k = 0; k < a.length; k++) {
                    assertThat(a[k]).isCloseTo(b[k], within(1e-5f));
                }
            }
        }
    }

    @Test
    void aFeatureFilterGetsTheMapsItWantsAndNoOthers() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            List<ModelInput> inputs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                inputs.add(fixture.input(i % fixture.images()));
            }
            List<Prediction> all = s.predictAll(inputs, 3, true, () -> false);
            List<Integer> asked = new ArrayList<>();
            // Twice: the first runs of a session go the checked way, later ones into the pooled buffers.
            for (int pass = 0; pass < 2; pass++) {
                asked.clear();
                List<Prediction> some = s.predictAll(inputs, 3, (image, probabilities) -> {
                    asked.add(image);
                    assertThat(probabilities).containsExactly(all.get(image).probabilities());
                    return image % 3 == 1;
                }, () -> false);
                assertThat(asked).as("every image once, by its index in the whole list").containsExactly(0, 1, 2, 3,
                        4, 5, 6);
                for (int i = 0; i < 7; i++) {
                    assertThat(some.get(i).probabilities()).containsExactly(all.get(i).probabilities());
                    if (i % 3 == 1) {
                        assertThat(some.get(i).features().orElseThrow().values())
                                .containsExactly(all.get(i).features().orElseThrow().values());
                    } else {
                        assertThat(some.get(i).features()).isEmpty();
                    }
                }
            }
            assertThat(s.predictAll(inputs, 3, (ModelSession.FeatureFilter) null, () -> false))
                    .allSatisfy(p -> assertThat(p.features()).isEmpty());
        }
    }

    @Test
    void cancellationStopsBetweenBatches() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            List<ModelInput> inputs = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                inputs.add(fixture.input(0));
            }
            AtomicInteger checks = new AtomicInteger();
            assertThatThrownBy(() -> s.predictAll(inputs, 2, false, () -> checks.incrementAndGet() > 2))
                    .isInstanceOf(InferenceException.class)
                    .satisfies(e -> assertThat(((InferenceException) e).reason())
                            .isEqualTo(InferenceException.Reason.CANCELLED))
                    .hasMessage("cancelled after 4 of 9 images");
        }
    }

    @Test
    void runsIntoReusedOutputBuffersGiveWhatTheFirstCheckedRunGave() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            Prediction logitsOnly = s.predict(fixture.input(1), false);      // checked run, no feature map
            Prediction first = s.predict(fixture.input(1), true);            // checked run with the feature map
            Prediction pinned = s.predict(fixture.input(1), true);           // writes into reused buffers
            Prediction pinnedLogits = s.predict(fixture.input(1), false);
            assertThat(pinned.logits()).containsExactly(first.logits());
            assertThat(pinnedLogits.logits()).containsExactly(logitsOnly.logits());
            assertThat(pinned.features().orElseThrow().values()).containsExactly(first.features().orElseThrow().values());
            Prediction other = s.predict(fixture.input(2), true);            // the buffers are not stale
            assertThat(other.probability(2)).isCloseTo(fixture.probabilities.slice(2)[2], within(1e-4f));
            assertThat(other.features().orElseThrow().values()).isNotEqualTo(first.features().orElseThrow().values());
            assertThat(first.features().orElseThrow().values())
                    .as("a returned feature map is not overwritten by later runs")
                    .containsExactly(pinned.features().orElseThrow().values());
        }
    }

    @Test
    void logitsOnlyRunsReturnNoFeatureMap() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            assertThat(s.predict(fixture.input(0), false).features()).isEmpty();
        }
    }

    @Test
    void cudaFallsBackToTheCpuWithAMessageWhenNoGpuRuntimeIsPresent() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")),
                options().withDevice(Device.CUDA))) {
            assertThat(s.device()).isEqualTo(Device.CPU);
            assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("CUDA").contains("running on the CPU"));
            assertThat(s.predict(fixture.input(0)).probability(2))
                    .isCloseTo(fixture.probabilities.slice(0)[2], within(1e-4f));
        }
    }

    @Test
    void theOptimisedModelIsCachedOutsideTheModelFolderAndReused() throws Exception {
        ModelBundle b = ModelBundle.load(ByoFixture.model("gemm"));
        List<Path> before;
        try (Stream<Path> files = Files.list(ByoFixture.DIR)) {
            before = files.toList();
        }
        try (ModelSession first = ModelSession.open(b, options())) {
            assertThat(first.loadedFromCache()).isFalse();
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().endsWith(".optimised.onnx");
        }
        try (ModelSession second = ModelSession.open(b, options())) {
            assertThat(second.loadedFromCache()).isTrue();
            assertThat(second.predict(fixture.input(1)).probability(1))
                    .isCloseTo(fixture.probabilities.slice(1)[1], within(1e-4f));
        }
        try (Stream<Path> files = Files.list(ByoFixture.DIR)) {
            assertThat(files.toList()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    @Test
    void aDamagedCacheEntryIsDiscardedAndRebuilt() throws Exception {
        ModelBundle b = ModelBundle.load(ByoFixture.model("gemm"));
        try (ModelSession first = ModelSession.open(b, options())) {
            assertThat(first.loadedFromCache()).isFalse();
        }
        Path entry;
        try (Stream<Path> files = Files.list(cache)) {
            entry = files.findFirst().orElseThrow();
        }
        Files.writeString(entry, "garbage");
        try (ModelSession s = ModelSession.open(b, options())) {
            assertThat(s.loadedFromCache()).isFalse();
            assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("cached optimised model could not be loaded"));
            assertThat(s.predict(fixture.input(0)).probability(2))
                    .isCloseTo(fixture.probabilities.slice(0)[2], within(1e-4f));
        }
        assertThat(Files.size(entry)).isGreaterThan(1000);
    }

    @Test
    void oneSessionServesSeveralThreadsAtOnce() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Prediction>> futures = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    int image = i % fixture.images();
                    futures.add(pool.submit(() -> s.predict(fixture.input(image))));
                }
                for (int i = 0; i < futures.size(); i++) {
                    Prediction p = futures.get(i).get();
                    float[] expected = fixture.probabilities.slice(i % fixture.images());
                    for (int c = 0; c < 3; c++) {
                        assertThat(p.probability(c)).isCloseTo(expected[c], within(1e-4f));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTensorOfTheWrongShapeIsRefusedBeforeRunning() throws Exception {
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options())) {
            ModelInput wrong = new ModelInput(new float[64 * 64], new TensorShape(1, 1, 64, 64),
                    GridMapping.identity(64, 64));
            assertThatThrownBy(() -> s.predict(wrong))
                    .satisfies(e -> assertThat(((InferenceException) e).reason())
                            .isEqualTo(InferenceException.Reason.INVALID_INPUT))
                    .hasMessageContaining("1x3x128x96");
        }
    }

    @Test
    void aClosedSessionRefusesWork() throws Exception {
        ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.model("gemm")), options().withoutCache());
        s.close();
        s.close();
        assertThatThrownBy(() -> s.predict(fixture.input(0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aModelFileReplacedAfterLoadingIsNotRun() throws Exception {
        Path dir = Files.createDirectories(cache.resolve("swap"));
        Files.copy(ByoFixture.model("gemm"), dir.resolve("resnet-gemm.onnx"));
        Files.copy(ByoFixture.DIR.resolve("metadata.json"), dir.resolve("metadata.json"));
        ModelBundle b = ModelBundle.load(dir);
        Files.copy(ByoFixture.model("matmul"), dir.resolve("resnet-gemm.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelSession.open(b, options()))
                .satisfies(e -> assertThat(((InferenceException) e).reason())
                        .isEqualTo(InferenceException.Reason.HASH_MISMATCH))
                .hasMessageContaining("changed since the bundle was loaded");
    }
}
