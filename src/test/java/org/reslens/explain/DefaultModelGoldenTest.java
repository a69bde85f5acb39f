package org.reslens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModalityLut;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorBuilder;
import org.reslens.imaging.TensorShape;
import org.reslens.inference.Activation;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Npy;
import org.reslens.inference.Prediction;
import org.reslens.inference.RuntimeOptions;

/**
 * The default model against its golden fixtures (src/test/resources/golden, made by models/training/make_golden.py):
 * held-out slices, PyTorch's logits and autograd Grad-CAM of class 1. The probabilities must equal PyTorch's within
 * 1e-4 and the maps within 1e-3 (max abs), both from the golden input tensor and from the raw slice through ResLens's
 * own preprocessing.
 */
class DefaultModelGoldenTest {
    private static final Path BUNDLE = Path.of("models/brain-lesion-demo");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static JsonNode manifest;

    @TempDir
    Path cache;

    @BeforeAll
    static void readManifest() throws Exception {
        Path m = GOLDEN.resolve("manifest.json");
        assumeTrue(Files.isRegularFile(m) && Files.isRegularFile(BUNDLE.resolve("metadata.json")),
                "the default model and its golden fixtures are not in this checkout");
        manifest = new ObjectMapper().readTree(m.toFile());
    }

    private static ModelInput input(float[] data, int size) {
        return new ModelInput(data, new TensorShape(1, 1, size, size), GridMapping.identity(size, size));
    }

    private static double maxAbs(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void probabilitiesAndGradCamEqualPyTorchsOnEveryGoldenSlice() throws Exception {
        ModelBundle bundle = ModelBundle.load(BUNDLE);
        assertThat(bundle.sha256()).as("golden fixtures were made for this model.onnx; regenerate them with "
                + manifest.get("generator").asText()).isEqualTo(manifest.get("model").get("sha256").asText());
        assertThat(bundle.camHead()).isInstanceOf(org.reslens.inference.CamHead.Linear.class);
        int size = bundle.input().height();
        int explained = manifest.get("gradcam").get("explained_class").asInt();
        GradCam gc = GradCam.forBundle(bundle);
        TensorBuilder builder = new TensorBuilder(bundle.preprocessing());
        int cases = 0;
        try (ModelSession s = ModelSession.open(bundle, RuntimeOptions.interactive().withCacheDirectory(cache))) {
            for (JsonNode c : manifest.get("cases")) {
                String name = c.get("name").asText();
                JsonNode files = c.get("files");
                float[] goldenInput = Npy.read(GOLDEN.resolve(files.get("input").asText())).floats();
                float[] expected = Activation.SOFTMAX.apply(
                        Npy.read(GOLDEN.resolve(files.get("logits").asText())).floats());
                float[] expectedCam = Npy.read(GOLDEN.resolve(files.get("gradcam").asText())).floats();

                Npy raw = Npy.read(GOLDEN.resolve(files.get("raw").asText()));
                PixelFrame frame = new PixelFrame(raw.shape()[0], raw.shape()[1], 1, Photometric.MONOCHROME2, 16,
                        false, null, raw.shorts(), null);
                ModelInput ours = builder.build(frame, new ModalityLut.Rescale(1, 0, "US"));
                assertThat(maxAbs(ours.data(), goldenInput)).as("%s: preprocessing", name).isLessThan(1e-5);

                for (ModelInput in : new ModelInput[] {input(goldenInput, size), ours}) {
                    Prediction p = s.predict(in);
                    assertThat(maxAbs(p.probabilities(), expected)).as("%s: probabilities", name).isLessThan(1e-4);
                    Heatmap h = GradCam.heatmap(gc.cam(p, explained), Normalisation.perImage(), size, size);
                    assertThat(maxAbs(h.values(), expectedCam)).as("%s: Grad-CAM", name).isLessThan(1e-3);
                }
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(6);
    }
}
