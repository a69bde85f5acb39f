package org.reslens.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes ONNX protobuf by hand, field by field, for hostile models that no exporter would write (lying lengths,
 * millions of empty nodes, Identity cycles, deep nesting). Field numbers are those of onnx/onnx.proto: ModelProto
 * {1 ir_version, 7 graph}, GraphProto {1 node, 5 initializer, 11 input, 12 output, 13 value_info}, NodeProto
 * {1 input, 2 output, 3 name, 4 op_type, 5 attribute}, AttributeProto {1 name, 2 f, 3 i, 6 g, 8 ints},
 * TensorProto {1 dims, 2 data_type, 8 name, 9 raw_data, 14 data_location}, ValueInfoProto {1 name, 2 type},
 * TypeProto {1 tensor_type}, TypeProto.Tensor {1 elem_type, 2 shape}, TensorShapeProto {1 dim},
 * Dimension {1 dim_value, 2 dim_param}.
 */
final class OnnxBytes {
    static final int VARINT = 0;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static OnnxBytes message() {
        return new OnnxBytes();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    OnnxBytes varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    OnnxBytes fixed32(int field, int value) {
        tag(field, FIXED32);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    OnnxBytes bytes(int field, byte[] payload) {
        tag(field, LEN);
        rawVarint(payload.length);
        out.write(payload, 0, payload.length);
        return this;
    }

    OnnxBytes string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    OnnxBytes message(int field, OnnxBytes m) {
        return bytes(field, m.bytes());
    }

    /** A length-delimited field whose length claims {@code claimed} bytes, followed by {@code actual}. */
    OnnxBytes lyingLength(int field, long claimed, byte[] actual) {
        tag(field, LEN);
        rawVarint(claimed);
        out.write(actual, 0, actual.length);
        return this;
    }

    OnnxBytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    OnnxBytes tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
        return this;
    }

    OnnxBytes rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    // ONNX building blocks

    static byte[] model(OnnxBytes graph) {
        return message().varint(1, 8).message(7, graph).bytes();
    }

    static OnnxBytes node(String op, String[] inputs, String[] outputs, OnnxBytes... attributes) {
        OnnxBytes n = message();
        for (String i : inputs) {
            n.string(1, i);
        }
        for (String o : outputs) {
            n.string(2, o);
        }
        n.string(4, op);
        for (OnnxBytes a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    static OnnxBytes intAttribute(String name, long value) {
        return message().string(1, name).varint(3, value);
    }

    static OnnxBytes floatTensor(String name, long[] dims, float[] values) {
        OnnxBytes t = message();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1).string(8, name);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return t.bytes(9, b.array());
    }

    /** A ValueInfoProto of element type {@code elem}; dims: a number is fixed, null is a free dimension "N". */
    static OnnxBytes valueInfo(String name, int elem, Long... dims) {
        OnnxBytes shape = message();
        for (Long d : dims) {
            shape.message(1, d == null ? message().string(2, "N") : message().varint(1, d));
        }
        OnnxBytes tensor = message().varint(1, elem).message(2, shape);
        return message().string(1, name).message(2, message().message(1, tensor));
    }

    /**
     * The smallest graph the loader accepts with a Grad-CAM head: image [N,1,8,8] -> Identity -> features ->
     * GlobalAveragePool -> Flatten -> Gemm(transB=1, W [2,1]) -> logits [N,2]. {@code extraNodes} come first.
     */
    static OnnxBytes tinyClassifierGraph(OnnxBytes... extraNodes) {
        return tinyClassifierGraph(1L, extraNodes);
    }

    /** As {@link #tinyClassifierGraph(OnnxBytes...)} with the input's channel dimension given (null: free). */
    static OnnxBytes tinyClassifierGraph(Long channels, OnnxBytes... extraNodes) {
        OnnxBytes g = message();
        for (OnnxBytes n : extraNodes) {
            g.message(1, n);
        }
        g.message(1, node("Identity", new String[] {"image"}, new String[] {"features"}));
        g.message(1, node("GlobalAveragePool", new String[] {"features"}, new String[] {"pooled"}));
        g.message(1, node("Flatten", new String[] {"pooled"}, new String[] {"flat"}, intAttribute("axis", 1)));
        g.message(1, node("Gemm", new String[] {"flat", "fc.weight", "fc.bias"}, new String[] {"logits"},
                intAttribute("transB", 1)));
        g.message(5, floatTensor("fc.weight", new long[] {2, 1}, new float[] {-1f, 1f}));
        g.message(5, floatTensor("fc.bias", new long[] {2}, new float[] {0f, 0f}));
        g.message(11, valueInfo("image", 1, null, channels, 8L, 8L));
        g.message(12, valueInfo("logits", 1, null, 2L));
        return g;
    }

    /** metadata.json for {@link #tinyClassifierGraph}: 8 x 8 input, two classes. */
    static String tinyMetadata(String onnxFile, String sha256) {
        return "{\"reslens\": {\"onnx\": {\"file\": \"" + onnxFile + "\""
                + (sha256 == null ? "" : ", \"sha256\": \"" + sha256 + "\"")
                + "}, \"preprocessing\": [{\"name\": \"Resize\", \"spatial_size\": [8, 8], \"mode\": \"bilinear\"}],"
                + " \"postprocessing\": {\"class_names\": [\"normal\", \"abnormal\"]}}}";
    }
}
