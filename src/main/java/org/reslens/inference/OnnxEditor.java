package org.reslens.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Edits an ONNX model in memory at the wire level: the bytes outside the main graph are copied untouched, and new
 * graph outputs are appended to the GraphProto (protobuf lets a repeated field continue anywhere in a message, and
 * ONNX orders outputs by appearance). Used to expose the tensor that feeds a model's global average pool when a
 * bring-your-own model was exported with logits only.
 */
final class OnnxEditor {
    private OnnxEditor() {
    }

    /** The model with {@code extra} appended to the graph's outputs. */
    static byte[] withExtraOutputs(byte[] model, OnnxModel parsed, List<OnnxModel.ValueInfo> extra) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream(parsed.graphEnd() - parsed.graphStart() + 256);
        graph.write(model, parsed.graphStart(), parsed.graphEnd() - parsed.graphStart());
        for (OnnxModel.ValueInfo v : extra) {
            lengthDelimited(graph, 12, valueInfo(v));
        }
        byte[] g = graph.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 256);
        out.write(model, 0, parsed.graphFieldStart());
        lengthDelimited(out, 7, g);
        out.write(model, parsed.graphEnd(), model.length - parsed.graphEnd());
        return out.toByteArray();
    }

    static byte[] valueInfo(OnnxModel.ValueInfo v) {
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        tag(tensorType, 1, ProtoReader.VARINT);
        varint(tensorType, v.elemType());
        if (v.dims() != null) {
            ByteArrayOutputStream shape = new ByteArrayOutputStream();
            for (OnnxModel.Dim d : v.dims()) {
                ByteArrayOutputStream dim = new ByteArrayOutputStream();
                if (d.fixed()) {
                    tag(dim, 1, ProtoReader.VARINT);
                    varint(dim, d.value());
                } else if (d.param() != null && !d.param().isEmpty()) {
                    lengthDelimited(dim, 2, d.param().getBytes(StandardCharsets.UTF_8));
                }
                lengthDelimited(shape, 1, dim.toByteArray());
            }
            lengthDelimited(tensorType, 2, shape.toByteArray());
        }
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        lengthDelimited(type, 1, tensorType.toByteArray());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        lengthDelimited(info, 1, v.name().getBytes(StandardCharsets.UTF_8));
        lengthDelimited(info, 2, type.toByteArray());
        return info.toByteArray();
    }

    /** Protobuf writing: a length-delimited field (also used by the tests' graph editor). */
    static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] payload) {
        tag(out, field, ProtoReader.LEN);
        varint(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, (long) field << 3 | wireType);
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
