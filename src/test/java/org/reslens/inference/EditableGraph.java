package org.reslens.inference;

import static org.reslens.inference.OnnxEditor.lengthDelimited;
import static org.reslens.inference.OnnxEditor.tag;
import static org.reslens.inference.OnnxEditor.varint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ONNX model's main graph as plain mutable lists, decoded with the loader's own {@link ProtoReader} and written
 * back as well-formed protobuf, for a fuzz target that edits structure: byte-level mutation of a length-prefixed
 * format almost always breaks a length (the reader refuses it at once) and so rarely reaches the head analysis with a
 * rewired graph, a node that lost an input or a weight of another shape. Fields this class does not model (opset
 * imports, doc strings, attribute payloads it does not edit, tensor data) are carried over byte for byte.
 */
public final class EditableGraph {
    /** A NodeProto; {@code attributes} are AttributeProto payloads. */
    public static final class Node {
        public String op = "";
        public String name = "";
        public String domain = "";
        public List<String> inputs = new ArrayList<>();
        public List<String> outputs = new ArrayList<>();
        public List<byte[]> attributes = new ArrayList<>();
    }

    /** A TensorProto: dims, type and name, plus every other field (the data) as it was. */
    public static final class Tensor {
        public String name = "";
        public int dataType;
        public long[] dims = new long[0];
        public byte[] dataFields = new byte[0];
    }

    /** A ValueInfoProto: element type 0 means unstated; dims null means rank unknown, a null entry a free dim. */
    public static final class Value {
        public String name = "";
        public int elemType;
        public List<Long> dims;
    }

    public final List<Node> nodes = new ArrayList<>();
    public final List<Tensor> initializers = new ArrayList<>();
    public final List<Value> inputs = new ArrayList<>();
    public final List<Value> outputs = new ArrayList<>();
    public final List<Value> valueInfo = new ArrayList<>();
    private byte[] modelFields = new byte[0];
    private byte[] graphFields = new byte[0];

    private EditableGraph() {
    }

    /** Decodes a model the loader accepts structurally (its main graph; other ModelProto fields are kept as bytes). */
    public static EditableGraph decode(byte[] model) throws InferenceException {
        EditableGraph g = new EditableGraph();
        ByteArrayOutputStream modelRest = new ByteArrayOutputStream();
        ProtoReader r = new ProtoReader(model);
        while (true) {
            int at = r.position();
            if (!r.next()) {
                break;
            }
            if (r.field() == 7 && r.wireType() == ProtoReader.LEN) {
                int s = r.lengthDelimitedStart();
                g.decodeGraph(model, s, r.position());
            } else {
                r.skip();
                modelRest.write(model, at, r.position() - at);
            }
        }
        g.modelFields = modelRest.toByteArray();
        return g;
    }

    private void decodeGraph(byte[] b, int start, int end) throws InferenceException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        ProtoReader r = new ProtoReader(b, start, end);
        while (true) {
            int at = r.position();
            if (!r.next()) {
                break;
            }
            switch (r.wireType() == ProtoReader.LEN ? r.field() : -1) {
                case 1 -> {
                    int s = r.lengthDelimitedStart();
                    nodes.add(node(b, s, r.position()));
                }
                case 5 -> {
                    int s = r.lengthDelimitedStart();
                    initializers.add(tensor(b, s, r.position()));
                }
                case 11 -> inputs.add(value(r.message()));
                case 12 -> outputs.add(value(r.message()));
                case 13 -> valueInfo.add(value(r.message()));
                default -> {
                    r.skip();
                    rest.write(b, at, r.position() - at);
                }
            }
        }
        graphFields = rest.toByteArray();
    }

    private static Node node(byte[] b, int start, int end) throws InferenceException {
        ProtoReader r = new ProtoReader(b, start, end);
        Node n = new Node();
        while (r.next()) {
            switch (r.wireType() == ProtoReader.LEN ? r.field() : -1) {
                case 1 -> n.inputs.add(r.string());
                case 2 -> n.outputs.add(r.string());
                case 3 -> n.name = r.string();
                case 4 -> n.op = r.string();
                case 7 -> n.domain = r.string();
                case 5 -> {
                    int s = r.lengthDelimitedStart();
                    n.attributes.add(Arrays.copyOfRange(b, s, r.position()));
                }
                default -> r.skip();
            }
        }
        return n;
    }

    private static Tensor tensor(byte[] b, int start, int end) throws InferenceException {
        Tensor t = new Tensor();
        List<Long> dims = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ProtoReader r = new ProtoReader(b, start, end);
        while (true) {
            int at = r.position();
            if (!r.next()) {
                break;
            }
            if (r.field() == 1) {
                r.int64s(dims::add);
            } else if (r.field() == 2 && r.wireType() == ProtoReader.VARINT) {
                t.dataType = (int) r.varint();
            } else if (r.field() == 8 && r.wireType() == ProtoReader.LEN) {
                t.name = r.string();
            } else {
                r.skip();
                data.write(b, at, r.position() - at);
            }
        }
        t.dims = dims.stream().mapToLong(Long::longValue).toArray();
        t.dataFields = data.toByteArray();
        return t;
    }

    private static Value value(ProtoReader r) throws InferenceException {
        OnnxModel.ValueInfo v = OnnxModel.ValueInfo.parse(r);
        Value out = new Value();
        out.name = v.name();
        out.elemType = v.elemType();
        if (v.dims() != null) {
            out.dims = new ArrayList<>();
            for (OnnxModel.Dim d : v.dims()) {
                out.dims.add(d.fixed() ? d.value() : null);
            }
        }
        return out;
    }

    /** A float32 tensor with raw little-endian data, for edits that add weights. */
    public static Tensor floatTensor(String name, long[] dims, int values) {
        Tensor t = new Tensor();
        t.name = name;
        t.dataType = OnnxModel.FLOAT;
        t.dims = dims.clone();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] raw = new byte[Math.max(0, values) * 4];
        for (int i = 0; i < values; i++) {
            int bits = Float.floatToIntBits(i % 7 - 3f);
            raw[4 * i] = (byte) bits;
            raw[4 * i + 1] = (byte) (bits >> 8);
            raw[4 * i + 2] = (byte) (bits >> 16);
            raw[4 * i + 3] = (byte) (bits >> 24);
        }
        lengthDelimited(data, 9, raw);
        t.dataFields = data.toByteArray();
        return t;
    }

    /** An AttributeProto payload: name and an int ({@code i}), a float ({@code f}) or ints ({@code ints}). */
    public static byte[] attribute(String name, Long i, Float f, long[] ints) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        lengthDelimited(a, 1, name.getBytes(StandardCharsets.UTF_8));
        if (i != null) {
            tag(a, 3, ProtoReader.VARINT);
            varint(a, i);
        }
        if (f != null) {
            tag(a, 2, ProtoReader.FIXED32);
            int bits = Float.floatToIntBits(f);
            for (int k = 0; k < 4; k++) {
                a.write(bits >>> (8 * k));
            }
        }
        if (ints != null) {
            for (long v : ints) {
                tag(a, 8, ProtoReader.VARINT);
                varint(a, v);
            }
        }
        return a.toByteArray();
    }

    /** An AttributeProto payload holding a tensor ({@code t}), as a Constant node's {@code value}. */
    public static byte[] tensorAttribute(String name, Tensor t) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        lengthDelimited(a, 1, name.getBytes(StandardCharsets.UTF_8));
        lengthDelimited(a, 5, encode(t));
        return a.toByteArray();
    }

    /** The attribute's name (field 1), or "" if it has none. */
    public static String attributeName(byte[] attribute) {
        try {
            ProtoReader r = new ProtoReader(attribute);
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    return r.string();
                }
                r.skip();
            }
        } catch (InferenceException e) {
            return "";
        }
        return "";
    }

    /** The model as protobuf: the kept ModelProto fields, then the graph with every list in its current order. */
    public byte[] encode() {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (Node n : nodes) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            n.inputs.forEach(s -> lengthDelimited(m, 1, s.getBytes(StandardCharsets.UTF_8)));
            n.outputs.forEach(s -> lengthDelimited(m, 2, s.getBytes(StandardCharsets.UTF_8)));
            if (!n.name.isEmpty()) {
                lengthDelimited(m, 3, n.name.getBytes(StandardCharsets.UTF_8));
            }
            lengthDelimited(m, 4, n.op.getBytes(StandardCharsets.UTF_8));
            n.attributes.forEach(a -> lengthDelimited(m, 5, a));
            if (!n.domain.isEmpty()) {
                lengthDelimited(m, 7, n.domain.getBytes(StandardCharsets.UTF_8));
            }
            lengthDelimited(graph, 1, m.toByteArray());
        }
        initializers.forEach(t -> lengthDelimited(graph, 5, encode(t)));
        inputs.forEach(v -> lengthDelimited(graph, 11, encode(v)));
        outputs.forEach(v -> lengthDelimited(graph, 12, encode(v)));
        valueInfo.forEach(v -> lengthDelimited(graph, 13, encode(v)));
        graph.writeBytes(graphFields);
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        model.writeBytes(modelFields);
        lengthDelimited(model, 7, graph.toByteArray());
        return model.toByteArray();
    }

    private static byte[] encode(Tensor t) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (long d : t.dims) {
            tag(m, 1, ProtoReader.VARINT);
            varint(m, d);
        }
        tag(m, 2, ProtoReader.VARINT);
        varint(m, t.dataType);
        lengthDelimited(m, 8, t.name.getBytes(StandardCharsets.UTF_8));
        m.writeBytes(t.dataFields);
        return m.toByteArray();
    }

    private static byte[] encode(Value v) {
        List<OnnxModel.Dim> dims = null;
        if (v.dims != null) {
            dims = new ArrayList<>();
            for (Long d : v.dims) {
                dims.add(d == null || d < 0 ? new OnnxModel.Dim(-1, "N") : new OnnxModel.Dim(d, null));
            }
        }
        return OnnxEditor.valueInfo(new OnnxModel.ValueInfo(v.name, v.elemType, dims));
    }
}
