package org.reslens.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX ModelProto that ResLens reads: the main graph's nodes, initializers, inputs and outputs, and
 * where the graph sits in the file (so it can be edited). Field numbers are those of onnx/onnx.proto (IR version 3
 * onwards, unchanged since); tensors are kept as spans of the file and decoded only when asked, so parsing a large
 * model costs one pass and no copies of its weights.
 *
 * @param graphFieldStart offset of the graph field's tag in the file
 * @param graphStart      offset of the GraphProto payload
 * @param graphEnd        offset just past it
 */
record OnnxModel(long irVersion, Graph graph, int graphFieldStart, int graphStart, int graphEnd) {

    /** TensorProto.DataType values used here. */
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;

    static String typeName(int elemType) {
        return switch (elemType) {
            case 0 -> "undefined";
            case FLOAT -> "float32";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 4 -> "uint16";
            case 5 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case 8 -> "string";
            case 9 -> "bool";
            case FLOAT16 -> "float16";
            case DOUBLE -> "float64";
            case 16 -> "bfloat16";
            default -> "type " + elemType;
        };
    }

    /**
     * Parses a ModelProto; CORRUPT_MODEL when the bytes are not one or it has no graph, TOO_LARGE when its graph has
     * more elements than the heap can hold as objects (see {@link ProtoReader#budgeted}).
     */
    static OnnxModel parse(byte[] bytes) throws InferenceException {
        ProtoReader r = ProtoReader.budgeted(bytes);
        long ir = -1;
        Graph graph = null;
        int gf = -1;
        int gs = -1;
        int ge = -1;
        while (true) {
            int at = r.position();
            if (!r.next()) {
                break;
            }
            switch (r.field()) {
                case 1 -> {
                    r.expect(ProtoReader.VARINT);
                    ir = r.varint();
                }
                case 7 -> {
                    if (graph != null) {
                        throw r.corrupt("more than one graph field");
                    }
                    gf = at;
                    gs = r.lengthDelimitedStart();
                    ge = r.position();
                    graph = Graph.parse(r.sub(gs, ge), bytes);
                }
                default -> r.skip();
            }
        }
        if (graph == null || ir < 1) {
            throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL,
                    "not an ONNX model: no " + (graph == null ? "graph" : "IR version") + " found");
        }
        return new OnnxModel(ir, graph, gf, gs, ge);
    }

    /** One dimension of a declared shape: a fixed size, or symbolic ({@code value} -1, with its name if any). */
    record Dim(long value, String param) {
        boolean fixed() {
            return value >= 0;
        }

        @Override
        public String toString() {
            return fixed() ? Long.toString(value) : param == null || param.isEmpty() ? "?" : param;
        }
    }

    /** A graph input, output or value_info: name, element type (0 when not stated), dims (null: rank unknown). */
    record ValueInfo(String name, int elemType, List<Dim> dims) {
        String describe() {
            return name + " " + typeName(elemType) + (dims == null ? " [rank unknown]" : " " + dims);
        }

        static ValueInfo parse(ProtoReader r) throws InferenceException {
            String name = "";
            int elem = 0;
            List<Dim> dims = null;
            while (r.next()) {
                if (r.field() == 1) {
                    name = r.string();
                } else if (r.field() == 2) {
                    ProtoReader type = r.message();
                    while (type.next()) {
                        if (type.field() == 1) {  // TypeProto.tensor_type
                            ProtoReader tensor = type.message();
                            while (tensor.next()) {
                                if (tensor.field() == 1) {
                                    tensor.expect(ProtoReader.VARINT);
                                    elem = (int) tensor.varint();
                                } else if (tensor.field() == 2) {
                                    dims = parseShape(tensor.message());
                                } else {
                                    tensor.skip();
                                }
                            }
                        } else {
                            type.skip();
                        }
                    }
                } else {
                    r.skip();
                }
            }
            return new ValueInfo(name, elem, dims);
        }

        private static List<Dim> parseShape(ProtoReader shape) throws InferenceException {
            List<Dim> dims = new ArrayList<>();
            while (shape.next()) {
                if (shape.field() != 1) {
                    shape.skip();
                    continue;
                }
                ProtoReader d = shape.message();
                long value = -1;
                String param = null;
                while (d.next()) {
                    if (d.field() == 1) {
                        d.expect(ProtoReader.VARINT);
                        value = d.varint();
                    } else if (d.field() == 2) {
                        param = d.string();
                    } else {
                        d.skip();
                    }
                }
                dims.add(new Dim(value < 0 ? -1 : value, param));
            }
            return Collections.unmodifiableList(dims);
        }
    }

    /** A TensorProto kept as a span of the file; {@link #floats()} decodes it. */
    record Tensor(String name, int dataType, long[] dims, boolean external, byte[] file, int start, int end) {
        /** The product of the dims; Long.MAX_VALUE when it overflows (a damaged file), which every check refuses. */
        long elementCount() {
            long n = 1;
            try {
                for (long d : dims) {
                    n = Math.multiplyExact(n, d);
                }
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
            return n;
        }

        static Tensor parse(byte[] file, ProtoReader r, int start, int end) throws InferenceException {
            String name = "";
            int type = 0;
            Longs dims = new Longs();
            boolean external = false;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> r.int64s(dims::add);
                    case 2 -> {
                        r.expect(ProtoReader.VARINT);
                        type = (int) r.varint();
                    }
                    case 8 -> name = r.string();
                    case 14 -> {
                        r.expect(ProtoReader.VARINT);
                        external = r.varint() == 1;
                    }
                    default -> r.skip();
                }
            }
            long[] d = dims.toArray();
            for (long v : d) {
                if (v < 0) {
                    throw r.corrupt("tensor " + name + " has a negative dimension");
                }
            }
            return new Tensor(name, type, d, external, file, start, end);
        }

        /** The values as float32, from raw_data (little-endian) or float_data / double_data. */
        float[] floats() throws InferenceException {
            if (external) {
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "tensor " + name
                        + " keeps its data in an external file, which ResLens does not read");
            }
            if (dataType != FLOAT && dataType != DOUBLE) {
                throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "tensor " + name + " is "
                        + typeName(dataType) + ", expected float32");
            }
            long n = elementCount();
            int width = dataType == FLOAT ? 4 : 8;
            if (n > (end - start) / width + 1) {
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "tensor " + name
                        + " declares " + n + " elements but holds fewer bytes");
            }
            float[] out = new float[(int) n];
            int[] count = {0};
            ProtoReader r = new ProtoReader(file, start, end);
            boolean raw = false;
            while (r.next()) {
                if (r.field() == 9) {  // raw_data
                    int s = r.lengthDelimitedStart();
                    int len = r.position() - s;
                    if (len != n * width) {
                        throw r.corrupt("tensor " + name + " raw_data has " + len + " bytes for " + n + " values");
                    }
                    for (int i = 0; i < n; i++) {
                        int p = s + i * width;
                        out[i] = dataType == FLOAT ? Float.intBitsToFloat(le32(file, p))
                                : (float) Double.longBitsToDouble(le32(file, p) & 0xFFFFFFFFL
                                | (long) le32(file, p + 4) << 32);
                    }
                    raw = true;
                } else if (r.field() == 4 && dataType == FLOAT) {  // float_data
                    r.floats(v -> put(out, count, v, r));
                } else if (r.field() == 10 && dataType == DOUBLE) {  // double_data
                    if (r.wireType() == ProtoReader.FIXED64) {
                        put(out, count, (float) Double.longBitsToDouble(r.fixed64()), r);
                    } else {
                        ProtoReader packed = r.message();
                        while (packed.hasRemaining()) {
                            put(out, count, (float) Double.longBitsToDouble(packed.fixed64()), r);
                        }
                    }
                } else {
                    r.skip();
                }
            }
            if (!raw && count[0] != n) {
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "tensor " + name + " holds "
                        + count[0] + " values for " + n + " elements");
            }
            return out;
        }

        /** The values as int64 (for shape and axes constants), from raw_data, int64_data or int32_data. */
        long[] longs() throws InferenceException {
            if (external || (dataType != INT64 && dataType != INT32)) {
                throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "tensor " + name + " is "
                        + typeName(dataType) + ", expected an integer constant");
            }
            long n = elementCount();
            if (n > end - start) {
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "tensor " + name
                        + " declares " + n + " elements but holds fewer bytes");
            }
            long[] out = new long[(int) n];
            int[] count = {0};
            ProtoReader r = new ProtoReader(file, start, end);
            while (r.next()) {
                if (r.field() == 9) {
                    int s = r.lengthDelimitedStart();
                    int width = dataType == INT64 ? 8 : 4;
                    int len = r.position() - s;
                    if (len != n * width || count[0] != 0) {
                        throw r.corrupt("tensor " + name + " raw_data has " + len + " bytes for " + n + " values"
                                + (count[0] != 0 ? " besides " + count[0] + " others" : ""));
                    }
                    for (int i = 0; i < n; i++) {
                        int p = s + i * width;
                        out[i] = width == 8 ? le32(file, p) & 0xFFFFFFFFL | (long) le32(file, p + 4) << 32
                                : (long) le32(file, p);
                    }
                    count[0] = (int) n;
                } else if (r.field() == 7 || r.field() == 5) {
                    r.int64s(v -> {
                        if (count[0] >= out.length) {
                            throw r.corrupt("tensor " + name + " holds more values than its dims");
                        }
                        out[count[0]++] = v;
                    });
                } else {
                    r.skip();
                }
            }
            if (count[0] != n) {
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "tensor " + name + " holds "
                        + count[0] + " values for " + n + " elements");
            }
            return out;
        }

        private static void put(float[] out, int[] count, float v, ProtoReader r) throws InferenceException {
            if (count[0] >= out.length) {
                throw r.corrupt("tensor holds more values than its dims");
            }
            out[count[0]++] = v;
        }

        private static int le32(byte[] b, int p) {
            return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
        }
    }

    /** A node attribute: the scalar, list or tensor it holds (AttributeProto fields f, i, s, t, floats, ints). */
    record Attribute(String name, float f, long i, String s, Tensor t, long[] ints) {
        static Attribute parse(byte[] file, ProtoReader r) throws InferenceException {
            String name = "";
            float f = 0;
            long i = 0;
            String s = null;
            Tensor t = null;
            Longs ints = new Longs();
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> name = r.string();
                    case 2 -> {
                        r.expect(ProtoReader.FIXED32);
                        f = Float.intBitsToFloat(r.fixed32());
                    }
                    case 3 -> {
                        r.expect(ProtoReader.VARINT);
                        i = r.varint();
                    }
                    case 4 -> s = r.string();
                    case 5 -> {
                        int ts = r.lengthDelimitedStart();
                        t = Tensor.parse(file, r.sub(ts, r.position()), ts, r.position());
                    }
                    case 8 -> r.int64s(ints::add);
                    default -> r.skip();
                }
            }
            return new Attribute(name, f, i, s, t, ints.toArray());
        }
    }

    /** A NodeProto: operator, tensors in and out (empty names mark absent optional inputs), attributes. */
    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {
        long intAttribute(String key, long fallback) {
            Attribute a = attributes.get(key);
            return a == null ? fallback : a.i();
        }

        float floatAttribute(String key, float fallback) {
            Attribute a = attributes.get(key);
            return a == null ? fallback : a.f();
        }

        String describe() {
            return opType + (name.isEmpty() ? "" : " (" + name + ")");
        }

        static Node parse(byte[] file, ProtoReader r) throws InferenceException {
            String name = "";
            String op = "";
            String domain = "";
            List<String> in = new ArrayList<>();
            List<String> out = new ArrayList<>();
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> in.add(r.string());
                    case 2 -> out.add(r.string());
                    case 3 -> name = r.string();
                    case 4 -> op = r.string();
                    case 7 -> domain = r.string();
                    case 5 -> {
                        Attribute a = Attribute.parse(file, r.message());
                        attrs.put(a.name(), a);
                    }
                    default -> r.skip();
                }
            }
            return new Node(name, op, domain, List.copyOf(in), List.copyOf(out),
                    attrs.isEmpty() ? Map.of() : Collections.unmodifiableMap(attrs));
        }
    }

    /**
     * The main GraphProto.
     *
     * @param producers each tensor name to the first node that outputs it (built once: head analysis looks producers
     *                  up at every step, and a linear search per step made a long chain quadratic)
     */
    record Graph(List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs,
                 Map<String, ValueInfo> valueInfo, Map<String, Node> producers) {

        static Graph parse(ProtoReader r, byte[] file) throws InferenceException {
            List<Node> nodes = new ArrayList<>();
            Map<String, Tensor> inits = new LinkedHashMap<>();
            List<ValueInfo> inputs = new ArrayList<>();
            List<ValueInfo> outputs = new ArrayList<>();
            Map<String, ValueInfo> info = new LinkedHashMap<>();
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> nodes.add(Node.parse(file, r.message()));
                    case 5 -> {
                        int s = r.lengthDelimitedStart();
                        Tensor t = Tensor.parse(file, r.sub(s, r.position()), s, r.position());
                        if (t.external()) {
                            // ONNX Runtime would open the path the tensor names, relative to wherever it decides;
                            // ResLens reads single-file models only, so such a model is refused before it gets there.
                            throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "initializer "
                                    + t.name() + " keeps its data in an external file, which ResLens does not read"
                                    + " (save the model as one file)");
                        }
                        inits.put(t.name(), t);
                    }
                    case 11 -> inputs.add(ValueInfo.parse(r.message()));
                    case 12 -> outputs.add(ValueInfo.parse(r.message()));
                    case 13 -> {
                        ValueInfo v = ValueInfo.parse(r.message());
                        info.put(v.name(), v);
                    }
                    default -> r.skip();
                }
            }
            Map<String, Node> producers = new HashMap<>();
            for (Node n : nodes) {
                for (String o : n.outputs()) {
                    if (!o.isEmpty()) {
                        producers.putIfAbsent(o, n);
                    }
                }
            }
            return new Graph(List.copyOf(nodes), Collections.unmodifiableMap(inits), List.copyOf(inputs),
                    List.copyOf(outputs), Collections.unmodifiableMap(info), Collections.unmodifiableMap(producers));
        }

        /** Graph inputs that are not initializers (older exporters list weights as inputs too). */
        List<ValueInfo> realInputs() {
            return inputs.stream().filter(v -> !initializers.containsKey(v.name())).toList();
        }

        ValueInfo output(String name) {
            return outputs.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
        }

        ValueInfo input(String name) {
            return realInputs().stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
        }

        /** The (first) node that produces {@code tensor}, or null for graph inputs, initializers and "". */
        Node producer(String tensor) {
            return producers.get(tensor);
        }

        /** A constant tensor by name: an initializer or the value of a Constant node. */
        Tensor constant(String tensor) {
            Tensor t = initializers.get(tensor);
            if (t != null) {
                return t;
            }
            Node n = producer(tensor);
            if (n != null && n.opType().equals("Constant") && n.attributes().get("value") != null) {
                return n.attributes().get("value").t();
            }
            return null;
        }
    }

    /** A growable long[]: dims and packed integers without a boxed Long per value. */
    private static final class Longs {
        private long[] values = new long[4];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
