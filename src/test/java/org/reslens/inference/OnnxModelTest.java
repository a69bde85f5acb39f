package org.reslens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written ONNX protobuf reader and editor, on models exported by PyTorch and on damaged bytes. */
class OnnxModelTest {

    @Test
    void readsTheGraphPyTorchExported() throws Exception {
        OnnxModel m = OnnxModel.parse(Files.readAllBytes(ByoFixture.model("gemm")));
        OnnxModel.Graph g = m.graph();
        assertThat(m.irVersion()).isGreaterThanOrEqualTo(7);
        assertThat(g.realInputs()).extracting(OnnxModel.ValueInfo::name).containsExactly("image");
        OnnxModel.ValueInfo in = g.input("image");
        assertThat(in.elemType()).isEqualTo(OnnxModel.FLOAT);
        assertThat(in.dims()).extracting(OnnxModel.Dim::toString).containsExactly("batch", "3", "128", "96");
        assertThat(g.outputs()).extracting(OnnxModel.ValueInfo::name).containsExactly("logits");
        List<String> ops = g.nodes().stream().map(OnnxModel.Node::opType).toList();
        assertThat(ops.subList(ops.size() - 3, ops.size())).containsExactly("GlobalAveragePool", "Flatten", "Gemm");
        OnnxModel.Node gemm = g.producer("logits");
        assertThat(gemm.intAttribute("transB", 0)).isEqualTo(1);
        assertThat(g.constant("fc.weight").dims()).containsExactly(3, 32);
    }

    @Test
    void rawDataAndFloatDataDecodeToTheSameWeights() throws Exception {
        OnnxModel.Graph raw = OnnxModel.parse(Files.readAllBytes(ByoFixture.model("gemm"))).graph();
        OnnxModel.Graph floatData = OnnxModel.parse(Files.readAllBytes(ByoFixture.model("gemm-nt"))).graph();
        float[] w = raw.constant("fc.weight").floats();          // [3, 32]
        float[] wt = floatData.constant("fc.weight").floats();   // [32, 3], stored as float_data
        assertThat(floatData.constant("fc.weight").dims()).containsExactly(32, 3);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 32; k++) {
                assertThat(wt[k * 3 + c]).isEqualTo(w[c * 32 + k]);
            }
        }
        assertThat(floatData.constant("fc.bias").floats()).containsExactly(raw.constant("fc.bias").floats());
    }

    @Test
    void addingAnOutputKeepsEverythingElse() throws Exception {
        byte[] bytes = Files.readAllBytes(ByoFixture.model("gemm"));
        OnnxModel m = OnnxModel.parse(bytes);
        String feature = m.graph().producer(m.graph().producer(
                m.graph().producer("logits").inputs().get(0)).inputs().get(0)).inputs().get(0);
        byte[] edited = OnnxEditor.withExtraOutputs(bytes, m, List.of(new OnnxModel.ValueInfo(feature,
                OnnxModel.FLOAT, List.of(new OnnxModel.Dim(-1, "batch"), new OnnxModel.Dim(32, null),
                new OnnxModel.Dim(-1, null), new OnnxModel.Dim(-1, null)))));
        OnnxModel e = OnnxModel.parse(edited);
        assertThat(e.graph().outputs()).extracting(OnnxModel.ValueInfo::name).containsExactly("logits", feature);
        assertThat(e.graph().output(feature).dims()).extracting(OnnxModel.Dim::toString)
                .containsExactly("batch", "32", "?", "?");
        assertThat(e.graph().nodes()).hasSameSizeAs(m.graph().nodes());
        assertThat(e.graph().initializers().keySet()).isEqualTo(m.graph().initializers().keySet());
        assertThat(e.irVersion()).isEqualTo(m.irVersion());
    }

    @Test
    void everyTruncationIsACorruptModelErrorNeverACrash() throws Exception {
        byte[] bytes = Files.readAllBytes(ByoFixture.model("gemm"));
        for (int len = 0; len < bytes.length; len += 97) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            try {
                OnnxModel.parse(cut);
            } catch (InferenceException e) {
                assertThat(e.reason()).isEqualTo(InferenceException.Reason.CORRUPT_MODEL);
            }
        }
    }

    @Test
    void randomDamageIsACorruptModelErrorNeverACrash() throws Exception {
        byte[] bytes = Files.readAllBytes(ByoFixture.model("gemm"));
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = bytes.clone();
            for (int i = 0; i < 8; i++) {
                damaged[rnd.nextInt(Math.min(damaged.length, 4096 + trial * 200))] = (byte) rnd.nextInt();
            }
            try {
                OnnxModel m = OnnxModel.parse(damaged);
                for (OnnxModel.Tensor t : m.graph().initializers().values()) {
                    if (t.dataType() == OnnxModel.FLOAT) {
                        t.floats();
                    }
                }
            } catch (InferenceException e) {
                assertThat(e.reason()).isIn(InferenceException.Reason.CORRUPT_MODEL,
                        InferenceException.Reason.MODEL_MISMATCH);
            }
        }
    }

    @Test
    void aLengthLargerThanTheFileIsRefusedBeforeAllocating() {
        // field 7 (graph), wire type 2, length 2^31 - 1: claims far more than the 6 bytes that follow
        byte[] hostile = {0x08, 0x07, 0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> OnnxModel.parse(hostile)).isInstanceOf(InferenceException.class)
                .hasMessageContaining("claims");
    }

    @Test
    void textIsNotAModel() {
        assertThatThrownBy(() -> OnnxModel.parse("this is not an onnx file\n".getBytes()))
                .isInstanceOf(InferenceException.class)
                .satisfies(e -> assertThat(((InferenceException) e).reason())
                        .isEqualTo(InferenceException.Reason.CORRUPT_MODEL));
    }
}
