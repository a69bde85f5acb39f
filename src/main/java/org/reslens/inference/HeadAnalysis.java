package org.reslens.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a Grad-CAM-exact head by walking back from the logits: {@code Gemm}, or {@code MatMul} with or without
 * {@code Add}, whose weight is a constant; then through shape-only nodes ({@code Flatten(axis=1)}, {@code Reshape},
 * {@code Squeeze}, {@code Identity}, inference-time {@code Dropout}) to a {@code GlobalAveragePool} or a {@code ReduceMean} over both spatial axes.
 * The tensor that pool reads is the feature map; its channel count is checked against the weights at run time.
 * Every walk is linear in the graph and ends on a cycle (a damaged or hostile graph may have one; ONNX forbids them),
 * since producers are looked up in the graph's index and each walk remembers where it has been.
 */
final class HeadAnalysis {
    /** Nodes that only reshape (or, at inference, do nothing: Dropout) between the pool and the linear layer. */
    private static final Set<String> SHAPE_ONLY = Set.of("Flatten", "Reshape", "Squeeze", "Identity", "Dropout");

    private HeadAnalysis() {
    }

    static CamHead analyse(OnnxModel.Graph g, String logits, int classes) throws InferenceException {
        OnnxModel.Node n = g.producer(canonical(g, logits));
        if (n == null) {
            return new CamHead.Unsupported("none", "the logits output " + logits + " is not computed by a node");
        }
        List<String> form = new ArrayList<>();
        String pooled;
        float[] w;  // [classes][channels]
        int channels;
        String weightName;
        switch (n.opType()) {
            case "Gemm" -> {
                if (n.intAttribute("transA", 0) != 0) {
                    return new CamHead.Unsupported("Gemm", "Gemm with transA=1 is not a linear head over the pool");
                }
                weightName = input(n, 1);
                OnnxModel.Tensor b = g.constant(weightName);
                if (b == null || b.dims().length != 2) {
                    return new CamHead.Unsupported("Gemm", "the Gemm's weight is not a constant matrix");
                }
                if (!matrixDims(b)) {
                    return new CamHead.Unsupported("Gemm", "the Gemm's weight has dims " + Arrays.toString(b.dims()));
                }
                boolean transB = n.intAttribute("transB", 0) != 0;
                float alpha = n.floatAttribute("alpha", 1f);
                int rows = (int) b.dims()[0];
                int cols = (int) b.dims()[1];
                channels = transB ? cols : rows;
                int outClasses = transB ? rows : cols;
                if (outClasses != classes) {
                    return new CamHead.Unsupported("Gemm", "the Gemm produces " + outClasses + " logits but "
                            + classes + " class names are declared");
                }
                float[] raw = b.floats();
                w = new float[classes * channels];
                for (int c = 0; c < classes; c++) {
                    for (int k = 0; k < channels; k++) {
                        w[c * channels + k] = alpha * (transB ? raw[c * cols + k] : raw[k * cols + c]);
                    }
                }
                pooled = input(n, 0);
                form.add("Gemm(transB=" + (transB ? 1 : 0) + ")");
            }
            case "Add", "MatMul" -> {
                OnnxModel.Node mm = n;
                if (n.opType().equals("Add")) {
                    mm = null;
                    for (int i = 0; i < 2 && n.inputs().size() == 2; i++) {
                        OnnxModel.Node p = g.producer(n.inputs().get(i));
                        if (p != null && p.opType().equals("MatMul") && g.constant(n.inputs().get(1 - i)) != null) {
                            mm = p;
                        }
                    }
                    if (mm == null) {
                        return new CamHead.Unsupported("Add", "the logits come from an Add that is not MatMul + bias");
                    }
                    form.add("Add(bias)");
                }
                weightName = input(mm, 1);
                OnnxModel.Tensor b = g.constant(weightName);
                if (b == null || b.dims().length != 2) {
                    return new CamHead.Unsupported("MatMul", "the MatMul's right operand is not a constant matrix");
                }
                if (!matrixDims(b)) {
                    return new CamHead.Unsupported("MatMul", "the MatMul's weight has dims "
                            + Arrays.toString(b.dims()));
                }
                channels = (int) b.dims()[0];
                if (b.dims()[1] != classes) {
                    return new CamHead.Unsupported("MatMul", "the MatMul produces " + b.dims()[1] + " logits but "
                            + classes + " class names are declared");
                }
                float[] raw = b.floats();
                w = new float[classes * channels];
                for (int c = 0; c < classes; c++) {
                    for (int k = 0; k < channels; k++) {
                        w[c * channels + k] = raw[k * classes + c];
                    }
                }
                pooled = input(mm, 0);
                form.add(0, "MatMul");
            }
            default -> {
                return new CamHead.Unsupported(n.opType(), "the logits come from " + n.describe()
                        + ", not from a Gemm or MatMul (+Add) linear layer");
            }
        }
        OnnxModel.Node p = g.producer(pooled);
        Set<OnnxModel.Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        while (p != null && SHAPE_ONLY.contains(p.opType())) {
            if (!visited.add(p)) {
                return new CamHead.Unsupported(p.opType(), "the shape-only nodes before the linear layer form a cycle");
            }
            if (p.opType().equals("Flatten") && p.intAttribute("axis", 1) != 1) {
                return new CamHead.Unsupported("Flatten", "Flatten with axis " + p.intAttribute("axis", 1)
                        + " before the linear layer");
            }
            if (!p.opType().equals("Identity") && !p.opType().equals("Dropout")) {
                form.add(0, p.opType());
            }
            p = g.producer(input(p, 0));
        }
        if (p == null) {
            return new CamHead.Unsupported("none", "the linear layer reads a graph input, not a pooled feature map");
        }
        if (p.opType().equals("ReduceMean")) {
            if (!reducesSpatialAxes(g, p)) {
                return new CamHead.Unsupported("ReduceMean", "ReduceMean over axes other than the two spatial ones");
            }
        } else if (!p.opType().equals("GlobalAveragePool")) {
            return new CamHead.Unsupported(p.opType(), "the linear layer reads " + p.describe()
                    + ", not a global average pool (GlobalAveragePool or ReduceMean over H, W)");
        }
        form.add(0, p.opType());
        return new CamHead.Linear(canonical(g, input(p, 0)), false, classes, channels, w, weightName,
                String.join(" -> ", form));
    }

    /**
     * The tensor name behind any chain of Identity nodes (exporters sometimes put one before a graph output); on a
     * cycle of Identity nodes, the tensor where the walk came back.
     */
    static String canonical(OnnxModel.Graph g, String tensor) {
        Set<String> seen = new HashSet<>();
        OnnxModel.Node n = g.producer(tensor);
        while (n != null && n.opType().equals("Identity") && !n.inputs().isEmpty() && seen.add(tensor)) {
            tensor = n.inputs().get(0);
            n = g.producer(tensor);
        }
        return tensor;
    }

    /**
     * {@code tensor} and every tensor that is an Identity copy of it through any chain: the names whose
     * {@link #canonical} is {@code tensor}. One pass over the graph, where calling {@code canonical} for every graph
     * output was outputs x chain length.
     */
    static Set<String> identityCopies(OnnxModel.Graph g, String tensor) {
        Map<String, List<String>> copies = new HashMap<>();
        for (OnnxModel.Node n : g.nodes()) {
            if (n.opType().equals("Identity") && !n.inputs().isEmpty()) {
                for (String out : n.outputs()) {
                    if (g.producer(out) == n) {
                        copies.computeIfAbsent(n.inputs().get(0), k -> new ArrayList<>()).add(out);
                    }
                }
            }
        }
        Set<String> found = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(tensor));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (found.add(t)) {
                todo.addAll(copies.getOrDefault(t, List.of()));
            }
        }
        return found;
    }

    /** Both dims of a weight matrix between 1 and Integer.MAX_VALUE (a damaged file can say 0 or 2^40). */
    private static boolean matrixDims(OnnxModel.Tensor t) {
        return t.dims()[0] >= 1 && t.dims()[0] <= Integer.MAX_VALUE && t.dims()[1] >= 1
                && t.dims()[1] <= Integer.MAX_VALUE;
    }

    private static String input(OnnxModel.Node n, int i) {
        return i < n.inputs().size() ? n.inputs().get(i) : "";
    }

    /** axes {2, 3} (or {-2, -1}) from the attribute (opset < 18) or the second input (opset 18). */
    private static boolean reducesSpatialAxes(OnnxModel.Graph g, OnnxModel.Node n) throws InferenceException {
        long[] axes;
        if (n.attributes().containsKey("axes")) {
            axes = n.attributes().get("axes").ints();
        } else {
            OnnxModel.Tensor t = g.constant(input(n, 1));
            if (t == null || t.elementCount() != 2) {
                return false;
            }
            axes = t.longs();
        }
        if (axes.length != 2) {
            return false;
        }
        long a = Math.floorMod(axes[0], 4);
        long b = Math.floorMod(axes[1], 4);
        return Math.min(a, b) == 2 && Math.max(a, b) == 3;
    }
}
