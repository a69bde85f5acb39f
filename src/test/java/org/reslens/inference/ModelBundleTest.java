package org.reslens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading model bundles: what is checked before ONNX Runtime sees the model, and the errors bad bundles give. */
class ModelBundleTest {
    @TempDir
    Path tmp;

    /** A bundle folder holding the fixture's logits-only model under {@code model.onnx} and the given metadata. */
    private Path bundle(String variant, String reslensBlock) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle-" + variant + "-" + System.nanoTime()));
        Files.copy(ByoFixture.model(variant), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("metadata.json"), "{\"version\": \"1.0\", \"task\": \"test\", \"reslens\": "
                + reslensBlock + "}");
        return dir;
    }

    private static String sha(Path file) throws IOException {
        return ModelBundle.sha256(Files.readAllBytes(file));
    }

    private static String block(String onnx, String extra) {
        return "{\"onnx\": " + onnx + ", \"preprocessing\": [{\"name\": \"ScaleIntensityRangePercentiles\", \"lower\": 1,"
                + " \"upper\": 99, \"b_min\": 0, \"b_max\": 1, \"clip\": true}, {\"name\": \"Resize\", \"spatial_size\":"
                + " [128, 96], \"mode\": \"bilinear\"}, {\"name\": \"RepeatChannel\", \"repeats\": 3}],"
                + " \"postprocessing\": {\"activation\": \"softmax\", \"class_names\": [\"a\", \"b\", \"c\"]}" + extra + "}";
    }

    private static InferenceException.Reason reasonOf(Throwable t) {
        return ((InferenceException) t).reason();
    }

    @Test
    void aCheckedBundleExposesItsContractAndTheHeadItFound() throws Exception {
        Path dir = bundle("gemm", "{}");
        Files.writeString(dir.resolve("metadata.json"), "{\"reslens\": " + block("{\"file\": \"model.onnx\", \"sha256\": \""
                + sha(dir.resolve("model.onnx")) + "\", \"input\": \"image\", \"logits_output\": \"logits\"}",
                ", \"accepts\": {\"modalities\": [\"MR\"], \"body_parts\": [\"BRAIN\", \"HEAD\"]}") + "}");
        ModelBundle b = ModelBundle.load(dir);
        assertThat(b.warnings()).isEmpty();
        assertThat(b.input()).isEqualTo(new InputSpec("image", 3, 128, 96, true));
        assertThat(b.logitsOutput()).isEqualTo("logits");
        assertThat(b.postprocessing().classNames()).containsExactly("a", "b", "c");
        assertThat(b.explainedClass()).isEqualTo(1);
        assertThat(b.camHead()).isInstanceOfSatisfying(CamHead.Linear.class, l -> {
            assertThat(l.added()).isTrue();
            assertThat(l.channels()).isEqualTo(32);
            assertThat(l.classes()).isEqualTo(3);
            assertThat(l.weightTensor()).isEqualTo("fc.weight");
            assertThat(l.form()).isEqualTo("GlobalAveragePool -> Flatten -> Gemm(transB=1)");
        });
    }

    @Test
    void allThreeLinearHeadFormsGiveTheSameWeights() throws Exception {
        float[] expected = null;
        for (String variant : List.of("gemm", "gemm-nt", "matmul")) {
            ModelBundle b = ModelBundle.load(ByoFixture.model(variant));
            CamHead.Linear l = (CamHead.Linear) b.camHead();
            if (expected == null) {
                expected = l.weights();
            }
            assertThat(l.weights()).as(variant).containsExactly(expected);
            assertThat(l.featureOutput()).as(variant).isEqualTo("/layer4/layer4.0/relu_1/Relu_output_0");
        }
        assertThat(((CamHead.Linear) ModelBundle.load(ByoFixture.model("matmul")).camHead()).form())
                .isEqualTo("ReduceMean -> MatMul -> Add(bias)");
    }

    @Test
    void aLogitsOnlyModelGetsItsFeatureMapAsAGraphOutputWithAShape() throws Exception {
        OnnxModel edited = OnnxModel.parse(ModelBundle.load(ByoFixture.model("gemm")).sessionModel());
        assertThat(edited.graph().outputs()).extracting(OnnxModel.ValueInfo::name)
                .containsExactly("logits", "/layer4/layer4.0/relu_1/Relu_output_0");
        OnnxModel.ValueInfo features = edited.graph().outputs().get(1);
        assertThat(features.elemType()).isEqualTo(OnnxModel.FLOAT);
        // ONNX's checker requires a shape on graph outputs (onnx.checker.check_model(full_check=True) passes)
        assertThat(features.dims()).extracting(OnnxModel.Dim::toString).containsExactly("?", "32", "?", "?");
    }

    @Test
    void aHeadThatIsNotAveragePoolThenLinearIsReportedWithTheOperatorFound() throws Exception {
        ModelBundle b = ModelBundle.load(ByoFixture.model("maxpool"));
        assertThat(b.camHead()).isInstanceOfSatisfying(CamHead.Unsupported.class,
                u -> assertThat(u.opFound()).isEqualTo("MaxPool"));
    }

    @Test
    void anOnnxFileWithoutAChecksumLoadsWithAWarning() throws Exception {
        ModelBundle b = ModelBundle.load(ByoFixture.model("gemm"));
        assertThat(b.warnings()).singleElement().asString().contains("not integrity-checked");
    }

    @Test
    void aWrongHashIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\", \"sha256\": \"" + "ab".repeat(32) + "\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InferenceException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.HASH_MISMATCH))
                .hasMessageContaining("model.onnx has SHA-256 " + sha(dir.resolve("model.onnx")))
                .hasMessageContaining("declares " + "ab".repeat(32));
    }

    @Test
    void aDeclaredOutputMissingFromTheGraphIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\", \"logits_output\": \"scores\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("output scores is not in the graph (outputs: [logits])");
    }

    @Test
    void aDeclaredFeatureOutputMissingFromTheGraphIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\", \"feature_output\": \"features\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("feature output features is not an output of the graph");
    }

    @Test
    void aPreprocessingThatMakesAnotherInputShapeIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\"}", "").replace("[128, 96]", "[224, 224]"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("input image float32 [batch, 3, 128, 96] does not take the preprocessing's"
                        + " tensor [1, 3, 224, 224]");
    }

    @Test
    void aWrongChannelCountIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\"}", "").replace("\"repeats\": 3", "\"repeats\": 1"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("[1, 1, 128, 96]");
    }

    @Test
    void aNetworkDataFormatThatContradictsTheGraphIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\"}", ""));
        String meta = Files.readString(dir.resolve("metadata.json"));
        Files.writeString(dir.resolve("metadata.json"), meta.replace("\"task\": \"test\",", "\"task\": \"test\","
                + " \"network_data_format\": {\"inputs\": {\"image\": {\"num_channels\": 3, \"spatial_shape\": [96, 128]}}},"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("spatial_shape [96, 128]");
    }

    @Test
    void aCorruptOnnxFileWithAMatchingHashIsRefusedAsCorrupt() throws Exception {
        Path dir = bundle("gemm", "{}");
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Files.write(dir.resolve("model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("metadata.json"), "{\"reslens\": " + block("{\"file\": \"model.onnx\", \"sha256\": \""
                + sha(dir.resolve("model.onnx")) + "\"}", "") + "}");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.CORRUPT_MODEL))
                .hasMessageContaining("not a valid ONNX protobuf at byte");
    }

    @Test
    void aTextFileCalledModelOnnxIsRefusedAsCorrupt() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\"}", ""));
        Files.writeString(dir.resolve("model.onnx"), "<html>404 not found</html>\n");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.CORRUPT_MODEL));
    }

    @Test
    void aMissingMetadataFileOrModelFileIsNotFound() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelBundle.load(empty))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.BUNDLE_NOT_FOUND))
                .hasMessageContaining("no metadata.json");
        Path dir = bundle("gemm", block("{\"file\": \"other.onnx\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.BUNDLE_NOT_FOUND))
                .hasMessageContaining("other.onnx does not exist");
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nowhere")))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.BUNDLE_NOT_FOUND));
    }

    @Test
    void metadataErrorsNameTheKeyAtFault() throws Exception {
        Path typo = bundle("gemm", block("{\"file\": \"model.onnx\", \"logit_output\": \"logits\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(typo))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.INVALID_METADATA))
                .hasMessageContaining("reslens.onnx: unknown key \"logit_output\"");
        Path escape = bundle("gemm", block("{\"file\": \"../model.onnx\"}", ""));
        assertThatThrownBy(() -> ModelBundle.load(escape)).hasMessageContaining("inside the bundle folder");
        Path badStep = bundle("gemm", block("{\"file\": \"model.onnx\"}", "").replace("\"bilinear\"", "\"cubic\""));
        assertThatThrownBy(() -> ModelBundle.load(badStep))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.INVALID_METADATA))
                .hasMessageContaining("reslens.preprocessing").hasMessageContaining("cubic");
        Path badClass = bundle("gemm", block("{\"file\": \"model.onnx\"}", ", \"explainability\": {\"explained_class\": 3}"));
        assertThatThrownBy(() -> ModelBundle.load(badClass)).hasMessageContaining("explained_class 3");
        Path twoClasses = bundle("gemm", block("{\"file\": \"model.onnx\"}", "").replace("\"a\", \"b\", \"c\"", "\"a\", \"b\""));
        assertThatThrownBy(() -> ModelBundle.load(twoClasses))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("for the 2 declared class names");
    }

    @Test
    void notesForPeopleAndTorchsAntialiasFalseAreAcceptedButAntialiasTrueIsNot() throws Exception {
        String withNotes = block("{\"file\": \"model.onnx\", \"opset\": 13, \"note\": \"exported by hand\"}",
                ", \"preprocessing_numerics\": \"float32\", \"explainability\": {\"note\": \"W[1]\"}")
                .replace("\"mode\": \"bilinear\"}", "\"mode\": \"bilinear\", \"antialias\": false}");
        ModelBundle b = ModelBundle.load(bundle("gemm", withNotes));
        assertThat(b.preprocessing().toJson()).doesNotContain("antialias");
        Path antialiased = bundle("gemm", withNotes.replace("\"antialias\": false", "\"antialias\": true"));
        assertThatThrownBy(() -> ModelBundle.load(antialiased))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.INVALID_METADATA))
                .hasMessageContaining("\"antialias\" must be false");
    }

    @Test
    void declaringAGradCamHeadForAModelWithoutOneIsRefused() throws Exception {
        Path dir = bundle("maxpool", block("{\"file\": \"model.onnx\"}",
                ", \"explainability\": {\"head\": {\"weight_initializer\": \"fc.weight\"}}"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.MODEL_MISMATCH))
                .hasMessageContaining("found MaxPool");
    }

    @Test
    void aDeclaredHeadWeightThatTheGemmDoesNotReadIsRefused() throws Exception {
        Path dir = bundle("gemm", block("{\"file\": \"model.onnx\"}",
                ", \"explainability\": {\"head\": {\"weight_initializer\": \"fc.bias\"}}"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("linear layer reads fc.weight");
    }

    @Test
    void acceptanceRefusesOtherModalitiesAndBodyPartsWithAReason() throws Exception {
        Acceptance a = new Acceptance(java.util.Set.of("MR"), java.util.Set.of("BRAIN", "HEAD"));
        assertThat(a.check("MR", "BRAIN")).isEmpty();
        assertThat(a.check(" mr ", "head")).isEmpty();
        assertThat(a.check("MR", "")).singleElement().asString().contains("could not be checked");
        assertThatThrownBy(() -> a.check("CT", "HEAD"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(InferenceException.Reason.NOT_ACCEPTED))
                .hasMessage("modality CT is not accepted by the model (it accepts MR)");
        assertThatThrownBy(() -> a.check("MR", "CHEST")).hasMessageContaining("body part CHEST is not accepted");
        assertThatThrownBy(() -> a.check(null, "BRAIN")).hasMessageContaining("no Modality");
        assertThat(((InferenceException) org.assertj.core.api.Assertions.catchThrowable(() -> a.check("CT", null)))
                .userMessage()).contains("not intended for this kind of image");
        assertThat(Acceptance.any().check(null, null)).isEmpty();
    }
}
