package org.reslens.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Crafted model-loader inputs of about 3 MB (the size of the default model) that target allocation and time rather
 * than parsing: lying lengths, millions of tiny elements that each become objects, long Identity chains read by
 * every output, cycles, deep nesting, and metadata.json at and beyond its size limit. Names start with the part of
 * the loader they are for: {@code onnx-} (the ONNX reader and head analysis), {@code metadata-} (metadata.json) or
 * {@code bundle-} ({@link ModelBundleFuzzTest}'s layout). {@link ModelSmallHeapTest} runs them under -Xmx64m.
 */
final class HostileModels {
    static final int SIZE = 3 << 20;

    private HostileModels() {
    }

    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] pad = new byte[64];

        m.put("onnx-graph-length-2^62", OnnxBytes.message().varint(1, 8).lyingLength(7, 1L << 62, pad).bytes());
        m.put("onnx-node-length-past-graph", OnnxBytes.message().varint(1, 8).lyingLength(7, 80,
                OnnxBytes.message().lyingLength(1, 0x7FFFFFFFL, pad).bytes()).bytes());
        m.put("onnx-varint-of-11-bytes", OnnxBytes.message().varint(1, 8).tag(7, OnnxBytes.LEN)
                .raw(filled(11, 0xFF)).bytes());

        m.put("onnx-1.5-million-empty-nodes", model(repeat(new byte[] {0x0A, 0x00}, SIZE / 2)));
        m.put("onnx-node-with-1.5-million-inputs", model(OnnxBytes.message()
                .bytes(1, repeat(new byte[] {0x0A, 0x00}, SIZE / 2 - 8)).bytes()));
        OnnxBytes shape = OnnxBytes.message().raw(repeat(new byte[] {0x0A, 0x00}, SIZE / 2 - 32));
        OnnxBytes tensorType = OnnxBytes.message().varint(1, 1).message(2, shape);
        m.put("onnx-output-of-rank-1.5-million", model(OnnxBytes.message().message(12, OnnxBytes.message()
                .string(1, "logits").message(2, OnnxBytes.message().message(1, tensorType))).bytes()));
        m.put("onnx-initializer-with-3-million-packed-dims", model(OnnxBytes.message().message(5, OnnxBytes.message()
                .bytes(1, filled(SIZE - 64, 1)).varint(2, 1).string(8, "w")).bytes()));
        m.put("onnx-attribute-with-3-million-ints", model(OnnxBytes.message().message(1, OnnxBytes.message()
                .string(4, "ReduceMean").message(5, OnnxBytes.message().string(1, "axes")
                        .bytes(8, filled(SIZE - 64, 0x7F)))).bytes()));
        m.put("onnx-head-weight-dims-2^62", OnnxBytes.model(OnnxBytes.tinyClassifierGraph()
                .message(5, OnnxBytes.floatTensor("fc.weight", new long[] {1L << 62, 1L << 62}, new float[4]))));
        m.put("onnx-axes-constant-of-3-million-int64", axesConstant());

        m.put("onnx-two-identity-chains-of-7500-every-link-an-output", identityChain(7_500));
        m.put("onnx-identity-cycle", OnnxBytes.model(OnnxBytes.message()
                .message(1, OnnxBytes.node("Identity", new String[] {"a"}, new String[] {"logits"}))
                .message(1, OnnxBytes.node("Identity", new String[] {"logits"}, new String[] {"a"}))
                .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L))));
        m.put("onnx-subgraphs-nested-100000-deep", nestedSubgraphs(100_000));

        m.put("metadata-3-mib-of-zeros-array", ("{\"reslens\": {\"training\": [" + "0,".repeat(SIZE / 2) + "0]}}")
                .getBytes(StandardCharsets.US_ASCII));
        m.put("metadata-1-mib-of-empty-objects-in-preprocessing", atMetadataLimit("preprocessing", "{},"));
        m.put("metadata-1-mib-of-empty-objects-in-training", atMetadataLimit("training", "{},"));
        m.put("metadata-1-mib-of-empty-arrays-in-preprocessing", atMetadataLimit("preprocessing", "[],"));
        m.put("metadata-1-mib-of-class-names", atMetadataLimit("class_names", "\"a\","));
        m.put("metadata-nested-500000-deep", ("{\"reslens\": " + "[".repeat(500_000) + "]".repeat(500_000) + "}")
                .getBytes(StandardCharsets.US_ASCII));
        m.put("metadata-class-name-of-1-mib", ("{\"reslens\": {\"onnx\": {\"file\": \"m.onnx\"}, \"preprocessing\":"
                + " [{\"name\": \"Resize\", \"spatial_size\": [8, 8], \"mode\": \"bilinear\"}], \"postprocessing\": "
                + "{\"class_names\": [\"" + "x".repeat((1 << 20) - 300) + "\"]}}}").getBytes(StandardCharsets.US_ASCII));
        m.put("metadata-number-of-1-mib-digits", ("{\"reslens\": {\"onnx\": {\"file\": \"m.onnx\"}, \"preprocessing\":"
                + " [{\"name\": \"RepeatChannel\", \"repeats\": " + "9".repeat((1 << 20) - 200) + "}]}}")
                .getBytes(StandardCharsets.US_ASCII));

        m.put("bundle-1.5-million-empty-nodes-hash-fixed", bundle(1, OnnxBytes.tinyMetadata("model.onnx",
                "0".repeat(64)), model(repeat(new byte[] {0x0A, 0x00}, SIZE / 2))));
        m.put("bundle-two-identity-chains-of-7500-hash-fixed", bundle(1, OnnxBytes.tinyMetadata("model.onnx",
                "0".repeat(64)).replace("\"file\"", "\"logits_output\": \"logits\", \"file\""),
                identityChain(7_500)));
        return m;
    }

    /** A ModelProto around a GraphProto payload. */
    private static byte[] model(byte[] graphPayload) {
        return OnnxBytes.message().varint(1, 8).bytes(7, graphPayload).bytes();
    }

    /**
     * A valid classifier whose input passes {@code chain} Identity nodes (t0, t1, ...) before the pool, beside a second
     * chain of as many Identity nodes (b0, b1, ...) from a constant; every link of both is a graph output, the second
     * chain's first, deepest link first. Finding which output is the feature map walked each output's chain back, a
     * linear search of the graph for every step: chain^3 / 2 steps (hours for 7,500), where one pass does now.
     */
    static byte[] identityChain(int chain) {
        OnnxBytes g = OnnxBytes.message();
        g.message(1, OnnxBytes.node("Identity", new String[] {"image"}, new String[] {"t0"}));
        g.message(1, OnnxBytes.node("Identity", new String[] {"fc.weight"}, new String[] {"b0"}));
        for (int i = 1; i < chain; i++) {
            g.message(1, OnnxBytes.node("Identity", new String[] {"t" + (i - 1)}, new String[] {"t" + i}));
            g.message(1, OnnxBytes.node("Identity", new String[] {"b" + (i - 1)}, new String[] {"b" + i}));
        }
        g.message(1, OnnxBytes.node("GlobalAveragePool", new String[] {"t" + (chain - 1)}, new String[] {"pooled"}));
        g.message(1, OnnxBytes.node("Gemm", new String[] {"pooled", "fc.weight"}, new String[] {"logits"},
                OnnxBytes.intAttribute("transB", 1)));
        g.message(5, OnnxBytes.floatTensor("fc.weight", new long[] {2, 1}, new float[] {-1f, 1f}));
        g.message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L));
        g.message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
        for (int i = chain - 1; i >= 0; i--) {
            g.message(12, OnnxBytes.message().string(1, "b" + i));
        }
        for (int i = 0; i < chain; i++) {
            g.message(12, OnnxBytes.message().string(1, "t" + i));
        }
        return OnnxBytes.model(g);
    }

    /** ReduceMean whose axes input is a Constant of 3 million int64 values. */
    private static byte[] axesConstant() {
        OnnxBytes axes = OnnxBytes.message().varint(1, SIZE - 256).varint(2, 7).string(8, "axes")
                .bytes(7, filled(SIZE - 256, 0x02));
        OnnxBytes g = OnnxBytes.message()
                .message(1, OnnxBytes.node("Constant", new String[0], new String[] {"axes"},
                        OnnxBytes.message().string(1, "value").message(5, axes)))
                .message(1, OnnxBytes.node("ReduceMean", new String[] {"image", "axes"}, new String[] {"pooled"}))
                .message(1, OnnxBytes.node("Gemm", new String[] {"pooled", "fc.weight"}, new String[] {"logits"},
                        OnnxBytes.intAttribute("transB", 1)))
                .message(5, OnnxBytes.floatTensor("fc.weight", new long[] {2, 1}, new float[] {-1f, 1f}))
                .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
        return OnnxBytes.model(g);
    }

    /**
     * An If node whose then-branch holds an If whose then-branch ... {@code depth} levels deep (ONNX Runtime's
     * protobuf parser stops at 100). Each level is GraphProto { node { op_type "If", attribute { name "t", g } } };
     * all of a level's bytes come before the level inside it, so the file is the levels' prefixes, outermost first.
     */
    private static byte[] nestedSubgraphs(int depth) {
        byte[][] prefixes = new byte[depth][];
        long inner = 0;
        for (int i = 0; i < depth; i++) {
            byte[] attributeHead = OnnxBytes.message().string(1, "t").tag(6, OnnxBytes.LEN).rawVarint(inner).bytes();
            long attribute = attributeHead.length + inner;
            byte[] nodeHead = OnnxBytes.message().string(4, "If").tag(5, OnnxBytes.LEN).rawVarint(attribute).bytes();
            long node = nodeHead.length + attribute;
            byte[] graphHead = OnnxBytes.message().tag(1, OnnxBytes.LEN).rawVarint(node).bytes();
            prefixes[i] = OnnxBytes.message().raw(graphHead).raw(nodeHead).raw(attributeHead).bytes();
            inner = prefixes[i].length + inner;
        }
        OnnxBytes out = OnnxBytes.message().varint(1, 8).tag(7, OnnxBytes.LEN).rawVarint(inner);
        for (int i = depth - 1; i >= 0; i--) {
            out.raw(prefixes[i]);
        }
        return out.bytes();
    }

    /**
     * A metadata.json of exactly the size limit whose {@code key} array is {@code element} repeated: in training (kept
     * as a tree, not read), in preprocessing (copied and re-parsed unless refused first), or as the class names.
     */
    private static byte[] atMetadataLimit(String key, String element) {
        String pre = "\"preprocessing\": [{\"name\": \"Resize\", \"spatial_size\": [8, 8], \"mode\": \"bilinear\"}]";
        String head = "{\"reslens\": {\"onnx\": {\"file\": \"m.onnx\"}, " + switch (key) {
            case "preprocessing" -> "\"preprocessing\": [";
            case "training" -> pre + ", \"training\": [";
            default -> pre + ", \"postprocessing\": {\"class_names\": [";
        };
        String tail = key.equals("class_names") ? "\"b\"]}}}" : "0]}}";
        int n = ((1 << 20) - head.length() - tail.length()) / element.length();
        String json = head + element.repeat(n) + tail;
        return (json + " ".repeat((1 << 20) - json.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bundle(int mode, String metadata, byte[] model) {
        byte[] meta = metadata.getBytes(StandardCharsets.UTF_8);
        return OnnxBytes.message().raw(new byte[] {(byte) mode, (byte) (meta.length >> 8), (byte) meta.length})
                .raw(meta).raw(model).bytes();
    }

    private static byte[] repeat(byte[] unit, int times) {
        byte[] out = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        return out;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
