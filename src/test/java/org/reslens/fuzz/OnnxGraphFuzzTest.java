package org.reslens.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.reslens.inference.EditableGraph;
import org.reslens.inference.InferenceException;
import org.reslens.inference.LoaderProbe;

/**
 * Structural edits of real graphs: one of {@link OnnxModelFuzzTest}'s seed models (the default model and the
 * bring-your-own ResNets, slimmed) is decoded into an {@link EditableGraph}, the fuzzer's choices rewire it (drop,
 * add or replace node inputs and outputs, change operators, attributes, weight dims and types, add Identity and
 * Constant nodes, remove, duplicate and move nodes, change graph outputs), and the result, always well-formed
 * protobuf, goes through the ONNX part of the loader ({@link LoaderProbe#onnx}) and a whole-bundle load with the
 * model's own metadata.json ({@link ModelBundleFuzzTest#load}, hash fixed). Byte-level mutation rarely gets here:
 * a changed name or a dropped input changes a length prefix, and the reader refuses the file at that byte. A
 * three-minute byte-level run on the loader before its fixes found none of the graph bugs in docs/fuzzing.md.
 *
 * <p>Layout (FuzzedDataProvider): which seed model, how many edits (0 to 8), then each edit's choices. The committed
 * {@code seed-base-NN} inputs pick model NN unedited.
 */
class OnnxGraphFuzzTest {
    private static final String[] OPS = {"Gemm", "MatMul", "Add", "GlobalAveragePool", "ReduceMean", "Flatten",
        "Reshape", "Squeeze", "Identity", "Dropout", "Constant", "MaxPool", "Relu", ""};
    private static final String[] INT_ATTRIBUTES = {"transA", "transB", "axis", "keepdims"};
    private static final long[] DIMS = {0, 1, 2, 3, 32, 128, 1L << 31, 4294967297L, Long.MAX_VALUE, -1};
    private static final int[] TYPES = {0, 1, 6, 7, 10, 11, 16};
    private static final List<byte[]> MODELS = new ArrayList<>();
    private static final List<byte[]> METADATA = new ArrayList<>();

    static {
        ModelFuzzInvariants.warmUp();
        try {
            Path root = Path.of(OnnxGraphFuzzTest.class.getResource("OnnxModelFuzzTestInputs").toURI()).getParent();
            byte[] defaultMeta = Files.readAllBytes(root.resolve(
                    "ModelMetadataFuzzTestInputs/metadataJson/seed-brain-lesion-demo.json"));
            byte[] byoMeta = Files.readAllBytes(root.resolve("ModelMetadataFuzzTestInputs/metadataJson/seed-byo.json"));
            try (Stream<Path> s = Files.list(root.resolve("OnnxModelFuzzTestInputs/onnxGraph"))) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList()) {
                    MODELS.add(Files.readAllBytes(p));
                    METADATA.add(p.getFileName().toString().contains("brain-lesion-demo") ? defaultMeta : byoMeta);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "4m")
    void graphEdits(FuzzedDataProvider fdp) throws IOException {
        int base = fdp.consumeInt(0, MODELS.size() - 1);
        EditableGraph g;
        try {
            g = EditableGraph.decode(MODELS.get(base));
        } catch (InferenceException e) {
            throw new IllegalStateException("seed model " + base + " does not decode", e);
        }
        int edits = fdp.consumeInt(0, 8);
        for (int i = 0; i < edits; i++) {
            edit(g, fdp);
        }
        byte[] model = g.encode();
        ModelFuzzInvariants.expectReturnOrInferenceException(model.length, () -> LoaderProbe.onnx(model));
        byte[] meta = METADATA.get(base);
        byte[] layout = new byte[3 + meta.length + model.length];
        layout[0] = 1;  // put the edited model's hash into metadata.json
        layout[1] = (byte) (meta.length >> 8);
        layout[2] = (byte) meta.length;
        System.arraycopy(meta, 0, layout, 3, meta.length);
        System.arraycopy(model, 0, layout, 3 + meta.length, model.length);
        ModelBundleFuzzTest.load(layout);
    }

    private static void edit(EditableGraph g, FuzzedDataProvider fdp) {
        List<String> names = names(g);
        EditableGraph.Node n = g.nodes.isEmpty() ? null : g.nodes.get(fdp.consumeInt(0, g.nodes.size() - 1));
        switch (fdp.consumeInt(0, 17)) {
            case 0 -> {
                if (n != null && !n.inputs.isEmpty()) {
                    n.inputs.remove(fdp.consumeInt(0, n.inputs.size() - 1));
                }
            }
            case 1 -> {
                if (n != null) {
                    n.inputs.add(fdp.consumeInt(0, n.inputs.size()), pick(fdp, names));
                }
            }
            case 2 -> {
                if (n != null && !n.inputs.isEmpty()) {
                    n.inputs.set(fdp.consumeInt(0, n.inputs.size() - 1), pick(fdp, names));
                }
            }
            case 3 -> {
                if (n != null && !n.outputs.isEmpty()) {
                    n.outputs.set(fdp.consumeInt(0, n.outputs.size() - 1), pick(fdp, names));
                }
            }
            case 4 -> {
                if (n != null) {
                    n.op = OPS[fdp.consumeInt(0, OPS.length - 1)];
                }
            }
            case 5 -> {
                if (n != null) {
                    n.attributes.add(EditableGraph.attribute(INT_ATTRIBUTES[fdp.consumeInt(0,
                            INT_ATTRIBUTES.length - 1)], fdp.consumeBoolean() ? fdp.consumeLong() : fdp.consumeInt(-1, 2),
                            null, null));
                }
            }
            case 6 -> {
                if (n != null) {
                    n.attributes.add(EditableGraph.attribute("alpha", null, fdp.consumeFloat(), null));
                }
            }
            case 7 -> {
                if (n != null) {
                    long[] axes = new long[fdp.consumeInt(0, 4)];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = fdp.consumeInt(-4, 4);
                    }
                    n.attributes.removeIf(a -> EditableGraph.attributeName(a).equals("axes"));
                    n.attributes.add(EditableGraph.attribute("axes", null, null, axes));
                }
            }
            case 8 -> {
                if (!g.initializers.isEmpty()) {
                    g.initializers.get(fdp.consumeInt(0, g.initializers.size() - 1)).dims = dims(fdp);
                }
            }
            case 9 -> {
                if (!g.initializers.isEmpty()) {
                    g.initializers.get(fdp.consumeInt(0, g.initializers.size() - 1)).dataType =
                            TYPES[fdp.consumeInt(0, TYPES.length - 1)];
                }
            }
            case 10 -> {
                EditableGraph.Node id = new EditableGraph.Node();
                id.op = "Identity";
                id.inputs.add(pick(fdp, names));
                id.outputs.add(fdp.consumeBoolean() ? pick(fdp, names) : "copy" + g.nodes.size());
                g.nodes.add(fdp.consumeInt(0, g.nodes.size()), id);
            }
            case 11 -> {
                if (n != null) {
                    g.nodes.remove(n);
                }
            }
            case 12 -> {
                if (n != null) {
                    EditableGraph.Node copy = new EditableGraph.Node();
                    copy.op = n.op;
                    copy.inputs.addAll(n.inputs);
                    copy.outputs.addAll(n.outputs);
                    copy.attributes.addAll(n.attributes);
                    g.nodes.add(fdp.consumeInt(0, g.nodes.size()), copy);
                }
            }
            case 13 -> outputs(g, fdp, names);
            case 14 -> {
                List<EditableGraph.Value> values = fdp.consumeBoolean() ? g.inputs : g.outputs;
                if (!values.isEmpty()) {
                    EditableGraph.Value v = values.get(fdp.consumeInt(0, values.size() - 1));
                    v.elemType = TYPES[fdp.consumeInt(0, TYPES.length - 1)];
                    if (fdp.consumeBoolean()) {
                        v.dims = null;
                    } else {
                        v.dims = new ArrayList<>();
                        for (long d : dims(fdp)) {
                            v.dims.add(fdp.consumeBoolean() ? null : d);
                        }
                    }
                }
            }
            case 15 -> {
                if (n != null) {
                    g.nodes.remove(n);
                    g.nodes.add(fdp.consumeInt(0, g.nodes.size()), n);
                }
            }
            case 16 -> {
                EditableGraph.Node c = new EditableGraph.Node();
                c.op = "Constant";
                String name = pick(fdp, names);
                c.outputs.add(name);
                c.attributes.add(EditableGraph.tensorAttribute("value",
                        EditableGraph.floatTensor(name, dims(fdp), fdp.consumeInt(0, 600))));
                g.nodes.add(fdp.consumeInt(0, g.nodes.size()), c);
            }
            default -> g.initializers.add(EditableGraph.floatTensor(pick(fdp, names), dims(fdp),
                    fdp.consumeInt(0, 600)));
        }
    }

    private static void outputs(EditableGraph g, FuzzedDataProvider fdp, List<String> names) {
        switch (fdp.consumeInt(0, 2)) {
            case 0 -> {
                EditableGraph.Value v = new EditableGraph.Value();
                v.name = pick(fdp, names);
                v.elemType = fdp.consumeBoolean() ? 1 : 0;
                g.outputs.add(v);
            }
            case 1 -> {
                if (!g.outputs.isEmpty()) {
                    g.outputs.get(fdp.consumeInt(0, g.outputs.size() - 1)).name = pick(fdp, names);
                }
            }
            default -> {
                if (!g.outputs.isEmpty()) {
                    g.outputs.remove(fdp.consumeInt(0, g.outputs.size() - 1));
                }
            }
        }
    }

    private static long[] dims(FuzzedDataProvider fdp) {
        long[] d = new long[fdp.consumeInt(0, 4)];
        for (int i = 0; i < d.length; i++) {
            d[i] = DIMS[fdp.consumeInt(0, DIMS.length - 1)];
        }
        return d;
    }

    /** Every tensor name the graph mentions, and "" (an absent optional input). */
    private static List<String> names(EditableGraph g) {
        List<String> out = new ArrayList<>();
        out.add("");
        g.inputs.forEach(v -> out.add(v.name));
        g.outputs.forEach(v -> out.add(v.name));
        g.initializers.forEach(t -> out.add(t.name));
        for (EditableGraph.Node n : g.nodes) {
            out.addAll(n.outputs);
        }
        return out;
    }

    private static String pick(FuzzedDataProvider fdp, List<String> names) {
        return names.get(fdp.consumeInt(0, names.size() - 1));
    }
}
