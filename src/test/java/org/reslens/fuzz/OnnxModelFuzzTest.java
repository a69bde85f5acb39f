package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.reslens.inference.LoaderProbe;

/**
 * Arbitrary bytes as an ONNX file, through the part of the loader that reads the graph before ONNX Runtime may see
 * it: the protobuf reader, the graph (nodes, initializers, inputs, outputs, value_info), head analysis behind each
 * output, the in-memory edit that adds the feature map as an output, and decoding of initializers. Seeded with the
 * default model and the bring-your-own ResNets, their weights slimmed (fuzz/make_model_seeds.py), and head variants.
 *
 * <p>Beyond the common invariants ({@link ModelFuzzInvariants}) the edit has an oracle: the edited model parses,
 * has the same nodes and initializers, one more output (the feature map, last), and the bytes outside the graph
 * unchanged ({@link LoaderProbe#onnx}).
 */
class OnnxModelFuzzTest {
    static {
        ModelFuzzInvariants.warmUp();
    }

    @FuzzTest(maxDuration = "4m")
    void onnxGraph(byte[] data) {
        ModelFuzzInvariants.expectReturnOrInferenceException(data.length, () -> LoaderProbe.onnx(data));
    }
}
