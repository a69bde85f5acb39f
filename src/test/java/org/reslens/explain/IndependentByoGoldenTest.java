package org.reslens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;
import org.reslens.inference.Activation;
import org.reslens.inference.CamHead;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Npy;
import org.reslens.inference.RuntimeOptions;

/**
 * A second bring-your-own ResNet, made independently by models/training/make_byo_golden.py (another network, input
 * name and size, and its own autograd Grad-CAM): exported with logits only, it must get the same probabilities and
 * Grad-CAM maps as PyTorch from nothing but a minimal metadata.json written here.
 */
class IndependentByoGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/byo");

    @TempDir
    Path tmp;

    private static double maxAbs(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void aLogitsOnlyModelFromAnotherExporterGetsPyTorchsProbabilitiesAndGradCam() throws Exception {
        assumeTrue(Files.isRegularFile(GOLDEN.resolve("manifest.json")), "golden/byo is not in this checkout");
        JsonNode manifest = new ObjectMapper().readTree(GOLDEN.resolve("manifest.json").toFile());
        int size = manifest.get("input").get("shape").get(2).asInt();
        int classes = manifest.get("model").get("config").get("num_classes").asInt();
        Path bundleDir = Files.createDirectories(tmp.resolve("byo"));
        Files.copy(GOLDEN.resolve("model.onnx"), bundleDir.resolve("model.onnx"));
        Files.writeString(bundleDir.resolve("metadata.json"), "{\"reslens\": {\"onnx\": {\"file\": \"model.onnx\","
                + " \"sha256\": \"" + manifest.get("model").get("sha256").asText() + "\"}, \"preprocessing\": ["
                + "{\"name\": \"Resize\", \"spatial_size\": [" + size + ", " + size + "], \"mode\": \"bilinear\"}],"
                + " \"postprocessing\": {\"class_names\": [\"c0\", \"c1\", \"c2\"]}}}");
        ModelBundle bundle = ModelBundle.load(bundleDir);
        assertThat(bundle.camHead()).isInstanceOfSatisfying(CamHead.Linear.class, l -> {
            assertThat(l.featureOutput()).isEqualTo(manifest.get("graph").get("gap_input_tensor").asText());
            assertThat(l.weightTensor()).isEqualTo(manifest.get("graph").get("weight_initializer").asText());
            assertThat(l.added()).isTrue();
        });
        try (ModelSession s = ModelSession.open(bundle, RuntimeOptions.interactive().withCacheDirectory(tmp))) {
            Explainer explainer = new Explainer(s);
            for (String image : new String[] {"a", "b"}) {
                float[] x = Npy.read(GOLDEN.resolve("input_" + image + ".npy")).floats();
                float[] expected = Activation.SOFTMAX.apply(Npy.read(GOLDEN.resolve("logits_" + image + ".npy"))
                        .floats());
                ModelInput in = new ModelInput(x, new TensorShape(1, 1, size, size), GridMapping.identity(size, size));
                for (int c = 0; c < classes; c++) {
                    Explanation e = explainer.explain(in, OptionalInt.of(c), Normalisation.perImage());
                    assertThat(maxAbs(e.prediction().probabilities(), expected)).as("image %s", image)
                            .isLessThan(1e-4);
                    float[] cam = Npy.read(GOLDEN.resolve("gradcam_" + image + "_class" + c + ".npy")).floats();
                    assertThat(maxAbs(e.heatmap().orElseThrow().values(), cam)).as("image %s class %d", image, c)
                            .isLessThan(1e-3);
                }
            }
        }
    }
}
