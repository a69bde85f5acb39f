package org.reslens.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.Preprocessing;

/**
 * Reads metadata.json through Jackson's tree model, so every error names the key at fault and Jackson stays out of
 * the public types. MONAI's keys are read leniently (they are descriptive); the {@code reslens} block is strict: an
 * unknown key is an error, because a typo there would silently change what the model sees or what is explained.
 * Descriptive keys are the exception: {@code note}/{@code notes} in any block, {@code onnx.opset},
 * {@code preprocessing_numerics} and {@code training}, which are kept for people and not interpreted.
 */
final class MetadataJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Preprocessing steps a description may have: a real one has two to five. */
    static final int MAX_STEPS = 64;

    private MetadataJson() {
    }

    static ModelMetadata parse(String json) throws InferenceException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("metadata.json must be a JSON object");
        }
        JsonNode rl = root.get("reslens");
        if (rl == null || !rl.isObject()) {
            throw invalid("the \"reslens\" block is missing (see docs/model-bundle.md)");
        }
        allow(rl, "reslens", "onnx", "accepts", "preprocessing", "postprocessing", "explainability", "training",
                "preprocessing_numerics");
        ModelMetadata.OnnxBinding onnx = onnx(object(rl, "onnx", "reslens", true));
        Acceptance accepts = accepts(object(rl, "accepts", "reslens", false));
        JsonNode pre = rl.get("preprocessing");
        if (pre == null || !pre.isArray()) {
            throw invalid("reslens.preprocessing must be an array of steps");
        }
        if (pre.size() > MAX_STEPS) {
            // checked before the block is copied and handed to imaging's parser, which would hold it twice more
            throw invalid("reslens.preprocessing has " + pre.size() + " steps; at most " + MAX_STEPS + " are supported");
        }
        Preprocessing preprocessing;
        try {
            preprocessing = Preprocessing.parse(withoutAntialiasFalse(pre).toString());
        } catch (ImagingException e) {
            throw invalid("reslens.preprocessing: " + e.getMessage());
        }
        Postprocessing post = postprocessing(object(rl, "postprocessing", "reslens", true));
        JsonNode ex = object(rl, "explainability", "reslens", false);
        Optional<ModelMetadata.ExplainabilityDeclaration> explain = ex == null ? Optional.empty()
                : Optional.of(explainability(ex, post));

        List<String> authors = new ArrayList<>();
        JsonNode a = root.get("authors");
        if (a != null && a.isArray()) {
            a.forEach(n -> authors.add(n.asText()));
        } else if (a != null && a.isTextual()) {
            authors.add(a.asText());
        }
        return new ModelMetadata(text(root, "version"), text(root, "task"), text(root, "description"),
                text(root, "intended_use"), authors, text(root, "license"), onnx, accepts, preprocessing, post,
                explain, declaredInput(root, onnx.input().orElse("image")));
    }

    /**
     * torch's {@code antialias} flag on a Resize step: {@code false} is what ResLens's resize does, so it is accepted
     * (and dropped before the imaging parser, which does not know the field); {@code true} is refused, since an
     * antialiased downsampling would give the model other inputs than it was trained on.
     */
    private static JsonNode withoutAntialiasFalse(JsonNode steps) throws InferenceException {
        ArrayNode copy = (ArrayNode) steps.deepCopy();
        for (JsonNode step : copy) {
            JsonNode aa = step.get("antialias");
            if (step.isObject() && aa != null && "Resize".equals(step.path("name").asText())) {
                if (!aa.isBoolean() || aa.booleanValue()) {
                    throw invalid("reslens.preprocessing: Resize \"antialias\" must be false (ResLens resizes as"
                            + " torch's interpolate with antialias=False)");
                }
                ((ObjectNode) step).remove("antialias");
            }
        }
        return copy;
    }

    private static ModelMetadata.OnnxBinding onnx(JsonNode o) throws InferenceException {
        allow(o, "reslens.onnx", "file", "sha256", "input", "logits_output", "feature_output", "opset");
        Optional<String> sha = optionalText(o, "sha256", "reslens.onnx");
        if (sha.isPresent() && !sha.get().matches("[0-9a-fA-F]{64}")) {
            throw invalid("reslens.onnx.sha256 must be 64 hexadecimal digits");
        }
        String file = optionalText(o, "file", "reslens.onnx")
                .orElseThrow(() -> invalid("reslens.onnx.file is required"));
        if (file.contains("/") || file.contains("\\") || file.equals("..") || file.equals(".")
                || file.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw invalid("reslens.onnx.file must be a file name inside the bundle folder, got \""
                    + file.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        return new ModelMetadata.OnnxBinding(file, sha, optionalText(o, "input", "reslens.onnx"),
                optionalText(o, "logits_output", "reslens.onnx"), optionalText(o, "feature_output", "reslens.onnx"));
    }

    private static Acceptance accepts(JsonNode o) throws InferenceException {
        if (o == null) {
            return Acceptance.any();
        }
        allow(o, "reslens.accepts", "modalities", "body_parts");
        return new Acceptance(strings(o, "modalities", "reslens.accepts"), strings(o, "body_parts", "reslens.accepts"));
    }

    private static Postprocessing postprocessing(JsonNode o) throws InferenceException {
        allow(o, "reslens.postprocessing", "activation", "positive_class", "class_names");
        String term = optionalText(o, "activation", "reslens.postprocessing").orElse("softmax");
        Activation act = Activation.ofTerm(term);
        if (act == null) {
            throw invalid("reslens.postprocessing.activation must be \"softmax\", \"sigmoid\" or \"none\", got \""
                    + term + "\"");
        }
        JsonNode names = o.get("class_names");
        if (names == null || !names.isArray() || names.isEmpty()) {
            throw invalid("reslens.postprocessing.class_names must be a non-empty array of strings");
        }
        List<String> classes = new ArrayList<>();
        for (JsonNode n : names) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw invalid("reslens.postprocessing.class_names must hold non-empty strings");
            }
            classes.add(n.asText());
        }
        int positive = optionalInt(o, "positive_class", "reslens.postprocessing").orElse(classes.size() > 1 ? 1 : 0);
        try {
            return new Postprocessing(act, positive, classes);
        } catch (IllegalArgumentException e) {
            throw invalid("reslens.postprocessing: " + e.getMessage());
        }
    }

    private static ModelMetadata.ExplainabilityDeclaration explainability(JsonNode o, Postprocessing post)
            throws InferenceException {
        String where = "reslens.explainability";
        allow(o, where, "method", "feature_output", "head", "explained_class", "target");
        String method = optionalText(o, "method", where).orElse("gradcam");
        if (!method.equals("gradcam")) {
            throw invalid(where + ".method must be \"gradcam\", got \"" + method + "\"");
        }
        Optional<String> weight = Optional.empty();
        Optional<String> bias = Optional.empty();
        JsonNode head = object(o, "head", where, false);
        if (head != null) {
            allow(head, where + ".head", "weight_initializer", "bias_initializer");
            weight = optionalText(head, "weight_initializer", where + ".head");
            bias = optionalText(head, "bias_initializer", where + ".head");
        }
        Optional<Integer> cls = optionalInt(o, "explained_class", where);
        if (cls.isPresent() && (cls.get() < 0 || cls.get() >= post.classCount())) {
            throw invalid(where + ".explained_class " + cls.get() + " is not one of the " + post.classCount()
                    + " classes");
        }
        return new ModelMetadata.ExplainabilityDeclaration(method, optionalText(o, "feature_output", where), weight,
                bias, cls, optionalText(o, "target", where));
    }

    /** MONAI's {@code network_data_format.inputs.<name>}: descriptive, so values that are not plain numbers are skipped. */
    private static Optional<ModelMetadata.DeclaredInput> declaredInput(JsonNode root, String inputName) {
        JsonNode inputs = root.path("network_data_format").path("inputs");
        JsonNode in = inputs.get(inputName);
        if (in == null && inputs.isObject() && inputs.size() == 1) {
            in = inputs.elements().next();
        }
        if (in == null || !in.isObject()) {
            return Optional.empty();
        }
        JsonNode ch = in.get("num_channels");
        Optional<Integer> channels = ch != null && ch.canConvertToExactIntegral() ? Optional.of(ch.asInt())
                : Optional.empty();
        JsonNode sp = in.get("spatial_shape");
        Optional<List<Integer>> spatial = Optional.empty();
        if (sp != null && sp.isArray()) {
            List<Integer> dims = new ArrayList<>();
            for (JsonNode d : sp) {
                if (!d.canConvertToExactIntegral()) {
                    dims = null;
                    break;
                }
                dims.add(d.asInt());
            }
            spatial = Optional.ofNullable(dims).map(List::copyOf);
        }
        return Optional.of(new ModelMetadata.DeclaredInput(channels, spatial));
    }

    private static JsonNode object(JsonNode parent, String key, String where, boolean required)
            throws InferenceException {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(where + "." + key + " is required");
            }
            return null;
        }
        if (!v.isObject()) {
            throw invalid(where + "." + key + " must be a JSON object");
        }
        return v;
    }

    /** Unknown keys are errors, except "note" and "notes", which any block may carry for people to read. */
    private static void allow(JsonNode o, String where, String... keys) throws InferenceException {
        Set<String> allowed = Set.of(keys);
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k) && !k.equals("note") && !k.equals("notes")) {
                throw invalid(where + ": unknown key \"" + k + "\" (allowed: " + String.join(", ", keys) + ")");
            }
        }
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    private static Optional<String> optionalText(JsonNode o, String key, String where) throws InferenceException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(where + "." + key + " must be a non-empty string");
        }
        return Optional.of(v.asText());
    }

    private static Optional<Integer> optionalInt(JsonNode o, String key, String where) throws InferenceException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw invalid(where + "." + key + " must be an integer");
        }
        return Optional.of(v.asInt());
    }

    private static Set<String> strings(JsonNode o, String key, String where) throws InferenceException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Set.of();
        }
        if (!v.isArray()) {
            throw invalid(where + "." + key + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : v) {
            if (!n.isTextual()) {
                throw invalid(where + "." + key + " must be an array of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static InferenceException invalid(String detail) {
        return new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: " + detail);
    }
}
