package org.reslens.ui.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.RuntimeOptions;
import org.reslens.ui.Fixtures;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;

/** The real analyzer through ONNX Runtime, on the tiny bring-your-own fixture model (random weights, 3 classes). */
class OnnxAnalyzerTest {
    @Test
    void everySliceGetsAProbabilityAndAGradCamMapOnTheSliceGrid(@TempDir Path cache) throws Exception {
        ModelEntry model = ModelCatalog.load(Fixtures.BYO_MODEL, false);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        List<SliceScore> scores = new ArrayList<>();
        try (OnnxAnalyzer a = new OnnxAnalyzer(new FrameStore(16L << 20),
                RuntimeOptions.interactive().withIntraOpThreads(1).withCacheDirectory(cache))) {
            a.analyse(model, s, new Analyzer.Listener() {
                @Override
                public void sliceDone(int index, SliceScore score) {
                    scores.add(score);
                }

                @Override
                public void sliceFailed(int index, String reason) {
                    throw new AssertionError(reason);
                }
            }, () -> false);
        }
        assertThat(scores).hasSize(6);
        for (SliceScore sc : scores) {
            assertThat(sc.probability()).isBetween(0.0, 1.0);
            assertThat(sc.cam()).isNotNull();
            assertThat(sc.mapping().sliceWidth()).isEqualTo(8);
            assertThat(sc.mapping().tensorWidth()).isEqualTo(96);
        }
    }

    @Test
    void aCancelledRunStopsBeforeItsFirstBatch(@TempDir Path cache) {
        ModelEntry model = ModelCatalog.load(Fixtures.BYO_MODEL, false);
        try (OnnxAnalyzer a = new OnnxAnalyzer(new FrameStore(16L << 20),
                RuntimeOptions.interactive().withIntraOpThreads(1).withCacheDirectory(cache))) {
            assertThatThrownBy(() -> a.analyse(model, Fixtures.firstStack(Fixtures.SHUFFLED),
                    new Analyzer.Listener() {
                        @Override
                        public void sliceDone(int index, SliceScore score) {
                        }

                        @Override
                        public void sliceFailed(int index, String reason) {
                        }
                    }, () -> true)).isInstanceOf(Analyzer.AnalysisException.class)
                    .matches(e -> ((Analyzer.AnalysisException) e).cancelled());
        }
    }
}
