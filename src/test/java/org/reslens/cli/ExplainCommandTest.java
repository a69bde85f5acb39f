package org.reslens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;
import org.reslens.inference.ByoFixture;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Npy;
import org.reslens.inference.RuntimeOptions;

/**
 * {@code reslens explain} end to end on DICOM files made by dcmtk/GDCM (src/test/resources/dicom) and the
 * bring-your-own fixture model: the JSON contract, the files it writes, refusals and bad bundles.
 */
class ExplainCommandTest {
    private static final Path MR = Path.of("src/test/resources/dicom/native/mr_u12.dcm");       // 64 x 56, MR
    private static final Path CT = Path.of("src/test/resources/dicom/native/ct_s16.dcm");       // 64 x 64, CT
    private static final Path MULTIFRAME = Path.of("src/test/resources/dicom/native/mf3_u16.dcm");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    /** Runs the CLI through ReslensCommand.execute, with a cache folder of this test. */
    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--cache-dir=" + tmp.resolve("cache"));
        int code = ReslensCommand.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path bundleWith(String variant, String extra) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bundle-" + System.nanoTime()));
        Files.copy(ByoFixture.model(variant), dir.resolve("model.onnx"));
        String meta = Files.readString(ByoFixture.DIR.resolve("metadata.json"))
                .replace("resnet-gemm.onnx", "model.onnx");
        Files.writeString(dir.resolve("metadata.json"), extra.isEmpty() ? meta
                : meta.replace("\"postprocessing\"", extra + ", \"postprocessing\""));
        return dir;
    }

    @Test
    void printsTheContractAndWritesTheHeatmapTheInputAndTheOverlay() throws Exception {
        Path h = tmp.resolve("h.npy");
        Path x = tmp.resolve("x.npy");
        Path o = tmp.resolve("o.png");
        Run r = run("explain", "--model", ByoFixture.DIR.toString(), "--class", "0", "--json", MR.toString(),
                "--out-heatmap", h.toString(), "--dump-input", x.toString(), "--overlay", o.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.fieldNames()).toIterable().startsWith("file", "model", "probabilities", "explainedClass",
                "heatmapShape");
        assertThat(j.get("file").asText()).isEqualTo(MR.toString());
        assertThat(j.get("model").asText()).isEqualTo("byo");
        assertThat(j.get("explainedClass").asInt()).isZero();
        assertThat(j.get("heatmapShape").toString()).isEqualTo("[128,96]");
        assertThat(j.get("gradCam").asText()).startsWith("exact: GlobalAveragePool -> Flatten -> Gemm");
        double sum = 0;
        for (JsonNode p : j.get("probabilities")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1, within(1e-5));

        Npy input = Npy.read(x);
        assertThat(input.shape()).containsExactly(1, 3, 128, 96);
        // the dumped tensor is exactly what was run: running it again gives the printed probabilities
        try (ModelSession s = ModelSession.open(ModelBundle.load(ByoFixture.DIR),
                RuntimeOptions.interactive().withoutCache())) {
            float[] p = s.predict(new ModelInput(input.floats(), new TensorShape(1, 3, 128, 96),
                    GridMapping.identity(96, 128))).probabilities();
            for (int c = 0; c < 3; c++) {
                assertThat((double) p[c]).isCloseTo(j.get("probabilities").get(c).asDouble(), within(1e-6));
            }
        }
        Npy heat = Npy.read(h);
        assertThat(heat.shape()).containsExactly(128, 96);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : heat.floats()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isCloseTo(1f, within(1e-5f));
        BufferedImage png = ImageIO.read(o.toFile());
        assertThat(png.getWidth()).isEqualTo(64);
        assertThat(png.getHeight()).isEqualTo(56);
    }

    /**
     * The default model end to end: a golden slice as MR DICOM (JPEG-LS lossless, made by
     * src/test/fixtures/inference/make_default_model_dicom.py) through ResLens's reader, preprocessing, ONNX Runtime
     * and Grad-CAM, against PyTorch's numbers in src/test/resources/golden.
     */
    @Test
    void theDefaultModelGivesPyTorchsNumbersFromADicomFile() throws Exception {
        Path bundle = Path.of("models/brain-lesion-demo");
        Path golden = Path.of("src/test/resources/golden");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(bundle.resolve("metadata.json"))
                && Files.isRegularFile(golden.resolve("lesion_medium_logits.npy")), "default model not present");
        Path dicom = Path.of("src/test/resources/inference/brain-lesion/lesion_medium.dcm");
        Path h = tmp.resolve("h.npy");
        Path x = tmp.resolve("x.npy");
        Path o = tmp.resolve("o.png");
        Run r = run("explain", "--json", "--model", bundle.toString(), dicom.toString(), "--out-heatmap", h.toString(),
                "--dump-input", x.toString(), "--overlay", o.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("model").asText()).isEqualTo("brain-lesion-demo");
        assertThat(j.get("explainedClass").asInt()).isEqualTo(1);
        assertThat(j.get("heatmapShape").toString()).isEqualTo("[128,128]");
        assertThat(j.has("notes")).as("no warnings for the default model: %s", j.get("notes")).isFalse();

        float[] expectedInput = Npy.read(golden.resolve("lesion_medium_input.npy")).floats();
        float[] input = Npy.read(x).floats();
        for (int i = 0; i < input.length; i++) {
            assertThat(input[i]).isCloseTo(expectedInput[i], within(1e-5f));
        }
        float[] expected = org.reslens.inference.Activation.SOFTMAX.apply(
                Npy.read(golden.resolve("lesion_medium_logits.npy")).floats());
        for (int c = 0; c < 2; c++) {
            assertThat(j.get("probabilities").get(c).asDouble()).isCloseTo(expected[c], within(1e-4));
        }
        float[] expectedCam = Npy.read(golden.resolve("lesion_medium_gradcam.npy")).floats();
        float[] cam = Npy.read(h).floats();
        for (int i = 0; i < cam.length; i++) {
            assertThat(cam[i]).isCloseTo(expectedCam[i], within(1e-3f));
        }
        BufferedImage png = ImageIO.read(o.toFile());
        assertThat(png.getWidth()).isEqualTo(240);
        assertThat(png.getHeight()).isEqualTo(240);
    }

    @Test
    void theDefaultModelRefusesACtSlice() {
        Path bundle = Path.of("models/brain-lesion-demo");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(bundle.resolve("metadata.json")),
                "default model not present");
        Run r = run("explain", "--model", bundle.toString(), CT.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("NOT_ACCEPTED: modality CT is not accepted by the model (it accepts MR)")
                .contains("not intended for this kind of image").doesNotContain("lesion ");
    }

    @Test
    void readableOutputNamesTheClasses() {
        Run r = run("explain", "--model", ByoFixture.DIR.toString(), MR.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("gamma").contains("Explained class:     1 (beta)").contains("Grad-CAM:");
    }

    @Test
    void aModalityTheModelDoesNotAcceptIsRefusedWithoutANumber() throws Exception {
        Path bundle = bundleWith("gemm", "\"accepts\": {\"modalities\": [\"MR\"], \"body_parts\": [\"BRAIN\"]}");
        Run refused = run("explain", "--json", "--model", bundle.toString(), CT.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        JsonNode j = refused.json();
        assertThat(j.has("probabilities")).isFalse();
        assertThat(j.get("error").get("kind").asText()).isEqualTo("NOT_ACCEPTED");
        assertThat(j.get("error").get("message").asText()).isEqualTo("modality CT is not accepted by the model"
                + " (it accepts MR)");
        Run accepted = run("explain", "--json", "--model", bundle.toString(), MR.toString());
        assertThat(accepted.exitCode()).isZero();
        assertThat(accepted.json().get("notes").toString()).contains("Body Part Examined is empty");
    }

    @Test
    void aModelWithoutAGradCamHeadStillPredictsAndSaysWhyThereIsNoMap() throws Exception {
        Run r = run("explain", "--json", "--model", ByoFixture.model("maxpool").toString(), MR.toString(),
                "--out-heatmap", tmp.resolve("none.npy").toString());
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("heatmapShape").isNull()).isTrue();
        assertThat(j.get("probabilities")).hasSize(3);
        assertThat(j.get("gradCam").asText()).startsWith("unavailable").contains("MaxPool");
        assertThat(tmp.resolve("none.npy")).doesNotExist();
    }

    @Test
    void aBadBundleIsAClearErrorWithExitCodeOne() throws Exception {
        Path bundle = bundleWith("gemm", "");
        Files.writeString(bundle.resolve("metadata.json"), Files.readString(bundle.resolve("metadata.json"))
                .replace("\"file\": \"model.onnx\"", "\"file\": \"model.onnx\", \"sha256\": \"" + "0".repeat(64) + "\""));
        Run r = run("explain", "--json", "--model", bundle.toString(), MR.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json().get("error").get("kind").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(r.json().get("error").get("userMessage").asText()).contains("changed or damaged");
    }

    @Test
    void aFileThatIsNotDicomIsAClearError() throws Exception {
        Path notDicom = Files.writeString(tmp.resolve("x.dcm"), "hello");
        Run r = run("explain", "--json", "--model", ByoFixture.DIR.toString(), notDicom.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json().get("error").get("kind").asText()).isIn("NOT_DICOM", "TRUNCATED", "MALFORMED");
    }

    @Test
    void framesOfAMultiFrameImageCanBeChosen() throws Exception {
        Run first = run("explain", "--json", "--model", ByoFixture.DIR.toString(), "--frame", "0",
                MULTIFRAME.toString());
        Run last = run("explain", "--json", "--model", ByoFixture.DIR.toString(), "--frame", "2",
                MULTIFRAME.toString());
        assertThat(first.exitCode()).isZero();
        assertThat(last.exitCode()).isZero();
        Run beyond = run("explain", "--json", "--model", ByoFixture.DIR.toString(), "--frame", "3",
                MULTIFRAME.toString());
        assertThat(beyond.exitCode()).isEqualTo(2);
        assertThat(beyond.err()).contains("has 3 frame(s)");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("explain", "--model", ByoFixture.DIR.toString(), "--device", "tpu", MR.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("explain", "--model", ByoFixture.DIR.toString(), "--opacity", "2", MR.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("explain", MR.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void cudaFallsBackToTheCpuWithANote() throws Exception {
        Run r = run("explain", "--json", "--device", "cuda", "--model", ByoFixture.DIR.toString(), MR.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("notes").toString()).contains("running on the CPU");
    }
}
