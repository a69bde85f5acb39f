package org.reslens.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.Preprocessing;

/**
 * Drives the package-private parts of the model loader (metadata.json parsing, the ONNX protobuf reader, head
 * analysis, the in-memory graph edit) the way {@link ModelBundle#load} does, for the fuzz targets in
 * {@code org.reslens.fuzz}, and checks what must hold whenever they return. A broken property is thrown as an
 * {@link AssertionError}; a refusal is the {@link InferenceException} the loader threw.
 */
public final class LoaderProbe {
    /** Initializers decoded per model: enough to reach the head's and a few others, bounded for speed. */
    private static final int MAX_TENSORS = 16;
    /** Outputs whose head is analysed per model. */
    private static final int MAX_OUTPUTS = 4;

    private LoaderProbe() {
    }

    /**
     * metadata.json's bytes as the loader reads them. On success the description must be self-consistent: a plain
     * ONNX file name, a 64-digit hash if any, the positive and explained classes among the class names, and a
     * preprocessing that survives its own JSON round trip.
     */
    public static ModelMetadata metadata(byte[] fileBytes) throws InferenceException {
        ModelMetadata m;
        try {
            m = ModelBundle.parseMetadata(fileBytes);
        } catch (InferenceException e) {
            require(e.reason() == InferenceException.Reason.INVALID_METADATA
                    || e.reason() == InferenceException.Reason.TOO_LARGE, "metadata refused as " + e.reason(), e);
            require(e.getMessage() != null && e.getMessage().startsWith("metadata.json"),
                    "metadata error does not name metadata.json: " + e.getMessage(), e);
            throw e;
        }
        String file = m.onnx().file();
        require(!file.isBlank() && !file.contains("/") && !file.contains("\\") && !file.equals(".")
                && !file.equals("..") && file.chars().noneMatch(c -> c < 0x20), "onnx.file accepted: " + file, null);
        m.onnx().sha256().ifPresent(h -> require(h.matches("[0-9a-fA-F]{64}"), "sha256 accepted: " + h, null));
        int classes = m.postprocessing().classCount();
        require(classes >= 1 && m.postprocessing().positiveClass() < classes, "classes", null);
        m.explainability().flatMap(ModelMetadata.ExplainabilityDeclaration::explainedClass)
                .ifPresent(c -> require(c >= 0 && c < classes, "explained_class " + c, null));
        try {
            Preprocessing again = Preprocessing.parse(m.preprocessing().toJson());
            require(again.equals(m.preprocessing()), "preprocessing JSON round trip changed " + m.preprocessing()
                    + " into " + again, null);
        } catch (ImagingException e) {
            throw new AssertionError("preprocessing does not read back its own JSON " + m.preprocessing().toJson(), e);
        }
        return m;
    }

    /**
     * An ONNX file as the loader reads it: parse, analyse the head behind each output (as many classes as the output
     * declares), add the feature map as an output where a linear head was found and parse the edited model again,
     * and decode a few initializers. Returns a short description of what was found.
     */
    public static String onnx(byte[] model) throws InferenceException {
        try {
            return onnxChecked(model);
        } catch (InferenceException e) {
            InferenceException.Reason r = e.reason();
            require(r == InferenceException.Reason.CORRUPT_MODEL || r == InferenceException.Reason.MODEL_MISMATCH
                    || r == InferenceException.Reason.TOO_LARGE, "ONNX refused as " + r, e);
            require(e.getMessage() != null && !e.getMessage().isBlank(), "refusal without a message", e);
            throw e;
        }
    }

    private static String onnxChecked(byte[] model) throws InferenceException {
        OnnxModel parsed = OnnxModel.parse(model);
        OnnxModel.Graph g = parsed.graph();
        require(parsed.irVersion() >= 1, "IR version " + parsed.irVersion(), null);
        require(0 <= parsed.graphFieldStart() && parsed.graphFieldStart() < parsed.graphStart()
                && parsed.graphStart() <= parsed.graphEnd() && parsed.graphEnd() <= model.length, "graph span", null);
        List<String> found = new ArrayList<>();
        for (OnnxModel.ValueInfo out : g.outputs().subList(0, Math.min(MAX_OUTPUTS, g.outputs().size()))) {
            int classes = 2;
            if (out.dims() != null && out.dims().size() == 2 && out.dims().get(1).fixed()
                    && out.dims().get(1).value() >= 1 && out.dims().get(1).value() <= 4096) {
                classes = (int) out.dims().get(1).value();
            }
            CamHead head = HeadAnalysis.analyse(g, out.name(), classes);
            if (head instanceof CamHead.Linear l) {
                require(l.classes() == classes && l.channels() >= 1
                        && l.weights().length == (long) classes * l.channels(), "head shape " + l, null);
                checkEdit(model, parsed, l);
                found.add("linear " + l.form());
            } else {
                CamHead.Unsupported u = (CamHead.Unsupported) head;
                require(u.opFound() != null && u.detail() != null, "unsupported head without reason", null);
                found.add("unsupported " + u.opFound());
            }
        }
        int decoded = 0;
        for (OnnxModel.Tensor t : g.initializers().values()) {
            if (decoded++ == MAX_TENSORS) {
                break;
            }
            decode(t);
        }
        return g.nodes().size() + " nodes, " + found;
    }

    /** Values, or a refusal; never more values than the dims promise. */
    private static void decode(OnnxModel.Tensor t) {
        try {
            if (t.dataType() == OnnxModel.FLOAT || t.dataType() == OnnxModel.DOUBLE) {
                require(t.floats().length == t.elementCount(), "float values vs dims " + Arrays.toString(t.dims()),
                        null);
            } else if (t.dataType() == OnnxModel.INT64 || t.dataType() == OnnxModel.INT32) {
                require(t.longs().length == t.elementCount(), "int values vs dims " + Arrays.toString(t.dims()),
                        null);
            }
        } catch (InferenceException e) {
            require(e.getMessage() != null, "tensor refusal without message", e);
        }
    }

    /** The edited model keeps everything and gains exactly the one output, last. */
    private static void checkEdit(byte[] model, OnnxModel parsed, CamHead.Linear l) throws InferenceException {
        List<OnnxModel.Dim> dims = List.of(new OnnxModel.Dim(-1, "batch"), new OnnxModel.Dim(l.channels(), null),
                new OnnxModel.Dim(-1, null), new OnnxModel.Dim(-1, null));
        OnnxModel.ValueInfo extra = new OnnxModel.ValueInfo(l.featureOutput(), OnnxModel.FLOAT, dims);
        byte[] edited = OnnxEditor.withExtraOutputs(model, parsed, List.of(extra));
        OnnxModel e;
        try {
            e = OnnxModel.parse(edited);
        } catch (InferenceException ex) {
            throw new AssertionError("the edited model does not parse", ex);
        }
        OnnxModel.Graph before = parsed.graph();
        OnnxModel.Graph after = e.graph();
        require(after.outputs().size() == before.outputs().size() + 1, "outputs after edit", null);
        OnnxModel.ValueInfo added = after.outputs().get(after.outputs().size() - 1);
        require(added.name().equals(l.featureOutput()) && added.elemType() == OnnxModel.FLOAT
                && dims.equals(added.dims()), "added output " + added, null);
        require(after.nodes().size() == before.nodes().size()
                && after.initializers().keySet().equals(before.initializers().keySet())
                && e.irVersion() == parsed.irVersion(), "graph changed by the edit", null);
        require(Arrays.equals(model, 0, parsed.graphFieldStart(), edited, 0, parsed.graphFieldStart()),
                "bytes before the graph changed", null);
        int tail = model.length - parsed.graphEnd();
        require(Arrays.equals(model, parsed.graphEnd(), model.length, edited, edited.length - tail, edited.length),
                "bytes after the graph changed", null);
    }

    /** The bytes a session would give ONNX Runtime (re-read, re-hashed, feature output added where needed). */
    public static byte[] sessionModel(ModelBundle bundle) throws InferenceException {
        return bundle.sessionModel();
    }

    /** Parses a model the way {@link #onnx} does, for tests that look at the result. */
    public static int outputCount(byte[] model) throws InferenceException {
        return OnnxModel.parse(model).graph().outputs().size();
    }

    private static void require(boolean ok, String what, Throwable cause) {
        if (!ok) {
            throw new AssertionError(what, cause);
        }
    }
}
