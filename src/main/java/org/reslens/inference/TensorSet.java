package org.reslens.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The tensors of one run of a given batch size, over direct native-order buffers that ONNX Runtime reads and writes in
 * place: the input, and the logits and feature map as pinned outputs (ONNX Runtime writes into them, so no output is
 * allocated and copied per call; on this project's model that removes the whole cost of asking for the feature map).
 * Reused run after run by one thread at a time (sessions keep a pool per batch size); closed with the session.
 */
final class TensorSet implements AutoCloseable {
    final int batch;
    final FloatBuffer input;
    final OnnxTensor inputTensor;
    final FloatBuffer logits;
    final OnnxTensor logitsTensor;
    private FloatBuffer features;
    private OnnxTensor featuresTensor;

    private TensorSet(int batch, FloatBuffer input, OnnxTensor inputTensor, FloatBuffer logits,
                      OnnxTensor logitsTensor) {
        this.batch = batch;
        this.input = input;
        this.inputTensor = inputTensor;
        this.logits = logits;
        this.logitsTensor = logitsTensor;
    }

    static TensorSet create(OrtEnvironment env, int batch, InputSpec spec, int classes) throws OrtException {
        FloatBuffer in = direct(batch * spec.imageSize());
        FloatBuffer out = direct(batch * classes);
        OnnxTensor inT = OnnxTensor.createTensor(env, in, new long[] {batch, spec.channels(), spec.height(),
                spec.width()});
        try {
            return new TensorSet(batch, in, inT, out, OnnxTensor.createTensor(env, out, new long[] {batch, classes}));
        } catch (OrtException | RuntimeException e) {
            inT.close();
            throw e;
        }
    }

    /** The feature-map output tensor for {@code [channels, height, width]} per image, made on first use. */
    OnnxTensor features(OrtEnvironment env, long[] chw) throws OrtException {
        if (featuresTensor == null) {
            features = direct((int) (batch * chw[0] * chw[1] * chw[2]));
            featuresTensor = OnnxTensor.createTensor(env, features, new long[] {batch, chw[0], chw[1], chw[2]});
        }
        return featuresTensor;
    }

    FloatBuffer featureValues() {
        return features;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        inputTensor.close();
        logitsTensor.close();
        if (featuresTensor != null) {
            featuresTensor.close();
        }
    }
}
