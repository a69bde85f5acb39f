package org.reslens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.ByoFixture;
import org.reslens.inference.CamHead;
import org.reslens.inference.FeatureMap;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Prediction;
import org.reslens.inference.RuntimeOptions;

/**
 * Grad-CAM from one forward pass against PyTorch autograd (hooks on layer4[-1], gradient of the raw logit,
 * pytorch-grad-cam's normalisation and resize) on a logits-only torchvision-style ResNet.
 */
class GradCamTest {
    private static ByoFixture fixture;

    @TempDir
    Path cache;

    @BeforeAll
    static void load() throws Exception {
        fixture = ByoFixture.load();
    }

    @Test
    void bringYourOwnLogitsOnlyResNetsGetExactGradCam() throws Exception {
        for (String variant : List.of("gemm", "gemm-nt", "matmul")) {
            ModelBundle bundle = ModelBundle.load(ByoFixture.model(variant));
            GradCam gc = GradCam.forBundle(bundle);
            try (ModelSession s = ModelSession.open(bundle, RuntimeOptions.interactive().withCacheDirectory(cache))) {
                for (int i = 0; i < fixture.images(); i++) {
                    int cls = (int) fixture.gradcamClasses[i];
                    Prediction p = s.predict(fixture.input(i));
                    Heatmap h = GradCam.heatmap(gc.cam(p, cls), Normalisation.perImage(), ByoFixture.WIDTH,
                            ByoFixture.HEIGHT);
                    float[] expected = fixture.gradcam.slice(i);
                    double maxAbs = 0;
                    for (int k = 0; k < expected.length; k++) {
                        maxAbs = Math.max(maxAbs, Math.abs(h.values()[k] - expected[k]));
                    }
                    assertThat(maxAbs).as("%s image %d class %d", variant, i, cls).isLessThan(1e-3);
                    assertThat(h.explainedClass()).isEqualTo(cls);
                }
            }
        }
    }

    @Test
    void aHeadThatIsNotAveragePoolThenLinearIsRefusedNamingTheOperator() throws Exception {
        ModelBundle bundle = ModelBundle.load(ByoFixture.model("maxpool"));
        assertThatThrownBy(() -> GradCam.forBundle(bundle)).isInstanceOf(ExplainException.class)
                .satisfies(e -> assertThat(((ExplainException) e).reason())
                        .isEqualTo(ExplainException.Reason.UNSUPPORTED_HEAD))
                .hasMessageContaining("found MaxPool");
    }

    private static GradCam twoByTwoHead() throws ExplainException {
        // 2 classes, 2 channels: class 0 weighs channel 0 up and channel 1 down; class 1 the reverse.
        return GradCam.forHead(new CamHead.Linear("A", false, 2, 2, new float[] {2, -1, -1, 2}, "W", "test"));
    }

    @Test
    void theChannelWeightsAreTheHeadWeightsOverTheNumberOfPositions() throws Exception {
        FeatureMap a = new FeatureMap(2, 1, 2, new float[] {1, 3, /* channel 1 */ 2, 0});
        CamMap cam = twoByTwoHead().cam(a, 0);
        // class 0: (2 * A0 - 1 * A1) / 2 positions = ((2 - 2) / 2, (6 - 0) / 2) = (0, 3)
        assertThat(cam.values()).containsExactly(0f, 3f);
        // class 1: (-A0 + 2 A1) / 2 = (3 / 2, -3 / 2) -> ReLU -> (1.5, 0)
        assertThat(twoByTwoHead().cam(a, 1).values()).containsExactly(1.5f, 0f);
    }

    @Test
    void aMapWithNoPositiveEvidenceStaysZeroRatherThanDividingByZero() throws Exception {
        FeatureMap a = new FeatureMap(2, 1, 2, new float[] {0, 0, 5, 5});
        CamMap cam = twoByTwoHead().cam(a, 0);
        assertThat(cam.isEmpty()).isTrue();
        Heatmap h = GradCam.heatmap(cam, Normalisation.perImage(), 4, 2);
        for (float v : h.values()) {
            assertThat(v).isZero();
        }
    }

    @Test
    void theResizeUsesHalfPixelCentresClampedAtTheEdges() {
        // 2 -> 4 along x: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (neighbour clamped): 0, .25, .75, 1
        float[] out = GradCam.resizeLinear(new double[] {0, 1}, 2, 1, 4, 1);
        assertThat(out).containsExactly(new float[] {0, 0.25f, 0.75f, 1}, within(1e-7f));
    }

    @Test
    void absoluteNormalisationKeepsSlicesComparable() throws Exception {
        GradCam gc = twoByTwoHead();
        CamMap strong = gc.cam(new FeatureMap(2, 1, 2, new float[] {4, 2, 0, 0}), 0);   // (4, 2)
        CamMap weak = gc.cam(new FeatureMap(2, 1, 2, new float[] {1, 0.5f, 0, 0}), 0);  // (1, 0.5)
        Normalisation.Absolute scale = Normalisation.calibrate(List.of(strong, weak));
        assertThat(scale.scale()).isEqualTo(4);
        Heatmap s = GradCam.heatmap(strong, scale, 2, 1);
        Heatmap w = GradCam.heatmap(weak, scale, 2, 1);
        assertThat(s.values()).containsExactly(1f, 0.5f);
        assertThat(w.values()).containsExactly(0.25f, 0.125f);
        // per image, both would look the same
        assertThat(GradCam.heatmap(weak, Normalisation.perImage(), 2, 1).values())
                .containsExactly(new float[] {1f, 0f}, within(1e-6f));
    }

    @Test
    void anUnknownClassOrAMissingFeatureMapIsATypedError() throws Exception {
        FeatureMap a = new FeatureMap(2, 1, 2, new float[] {1, 3, 2, 0});
        assertThatThrownBy(() -> twoByTwoHead().cam(a, 2))
                .satisfies(e -> assertThat(((ExplainException) e).reason())
                        .isEqualTo(ExplainException.Reason.INVALID_CLASS));
        Prediction noFeatures = new Prediction(new float[] {0, 1}, new float[] {0.3f, 0.7f}, java.util.Optional.empty());
        assertThatThrownBy(() -> twoByTwoHead().cam(noFeatures, 0))
                .satisfies(e -> assertThat(((ExplainException) e).reason())
                        .isEqualTo(ExplainException.Reason.NO_FEATURE_MAP));
    }

    @Test
    void aBatchOfSlicesIsExplainedAsEachAloneAndCanShareOneScale() throws Exception {
        ModelBundle bundle = ModelBundle.load(ByoFixture.model("gemm"));
        try (ModelSession s = ModelSession.open(bundle, RuntimeOptions.interactive().withCacheDirectory(cache))) {
            Explainer explainer = new Explainer(s);
            List<org.reslens.imaging.ModelInput> inputs = List.of(fixture.input(0), fixture.input(1),
                    fixture.input(2));
            List<Explanation> all = explainer.explainAll(inputs, 2, java.util.OptionalInt.of(1),
                    Normalisation.perImage(), () -> false);
            for (int i = 0; i < inputs.size(); i++) {
                Explanation one = explainer.explain(inputs.get(i), java.util.OptionalInt.of(1),
                        Normalisation.perImage());
                float[] a = all.get(i).heatmap().orElseThrow().values();
                float[] b = one.heatmap().orElseThrow().values();
                for (int k = 0; k < a.length; k++) {
                    assertThat(a[k]).isCloseTo(b[k], within(1e-5f));
                }
            }
            Normalisation.Absolute scale = Normalisation.calibrate(all.stream()
                    .map(e -> e.cam().orElseThrow()).toList());
            float strongest = 0;
            for (Explanation e : all) {
                Heatmap h = GradCam.heatmap(e.cam().orElseThrow(), scale, ByoFixture.WIDTH, ByoFixture.HEIGHT);
                for (float v : h.values()) {
                    assertThat(v).isBetween(0f, 1f);
                    strongest = Math.max(strongest, v);
                }
            }
            // the strongest raw map reaches 1 on the feature grid; bilinear upsampling with half-pixel centres
            // samples between cell centres, so on the input grid its peak stays a little below
            assertThat(strongest).isBetween(0.9f, 1f);
        }
    }

    @Test
    void theExplainerReportsWhyAModelHasNoMapButStillPredicts() throws Exception {
        ModelBundle bundle = ModelBundle.load(ByoFixture.model("maxpool"));
        try (ModelSession s = ModelSession.open(bundle, RuntimeOptions.interactive().withoutCache())) {
            Explanation e = new Explainer(s).explain(fixture.input(0), java.util.OptionalInt.of(2),
                    Normalisation.perImage());
            assertThat(e.heatmap()).isEmpty();
            assertThat(e.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("MaxPool"));
            assertThat(e.probability()).isBetween(0.0, 1.0);
        }
    }
}
