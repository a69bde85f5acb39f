package org.reslens.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reslens.imaging.PreprocessStep;
import org.reslens.imaging.Preprocessing;

/**
 * A model bundle, checked before ONNX Runtime ever sees it: {@code metadata.json} parsed, the ONNX file's SHA-256
 * compared, the declared input and outputs found in the graph with compatible type and shape, and the head analysed
 * for exact Grad-CAM (adding the feature map as a graph output when a bring-your-own model exported logits only).
 * Immutable; the ONNX bytes are not kept (a session reads them once more, and checks the hash again).
 *
 * <p>Every refusal is an {@link InferenceException} whose message starts with the file at fault
 * ({@code metadata.json: ...}, {@code model.onnx: ...}) or names its path; nothing else escapes for any content of
 * the two files (docs/fuzzing.md lists the limits and how they are tested).
 */
public final class ModelBundle {
    /** Protobuf's own limit (2 GB), within Java's array limit. */
    private static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 16;
    /**
     * metadata.json is a description of a few kilobytes (the default model's is 6 KB); a megabyte is far beyond any
     * honest one, and bounds what Jackson's tree, the copy of the preprocessing block and its re-parse can take.
     */
    static final int MAX_METADATA_BYTES = 1 << 20;
    /** Channels the preprocessing may make (RepeatChannel steps multiply; 3 is the usual). */
    static final int MAX_CHANNELS = 4096;
    /** Floats in one preprocessed image: 2^28, 1 GiB of float32 (an 8192 x 8192 Resize to 3 channels is 2^27.6). */
    static final long MAX_INPUT_FLOATS = 1L << 28;
    /** Graph inputs or outputs named in one message; a hostile graph can have a hundred thousand. */
    private static final int NAMES_IN_MESSAGE = 10;

    private final String name;
    private final Path directory;
    private final Path modelFile;
    private final String sha256;
    private final ModelMetadata metadata;
    private final InputSpec input;
    private final String logitsOutput;
    private final CamHead camHead;
    private final int explainedClass;
    private final List<String> warnings;

    private ModelBundle(String name, Path directory, Path modelFile, String sha256, ModelMetadata metadata,
                        InputSpec input, String logitsOutput, CamHead camHead, int explainedClass,
                        List<String> warnings) {
        this.name = name;
        this.directory = directory;
        this.modelFile = modelFile;
        this.sha256 = sha256;
        this.metadata = metadata;
        this.input = input;
        this.logitsOutput = logitsOutput;
        this.camHead = camHead;
        this.explainedClass = explainedClass;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Loads a bundle from its folder (holding {@code metadata.json}), from its {@code metadata.json}, or from an ONNX
     * file with a {@code metadata.json} beside it (that file is then the model, whatever {@code onnx.file} says).
     */
    public static ModelBundle load(Path location) throws InferenceException {
        Path dir;
        Path explicitModel = null;
        if (Files.isDirectory(location)) {
            dir = location;
        } else if (Files.isRegularFile(location)) {
            dir = location.toAbsolutePath().getParent();
            if (!location.getFileName().toString().equals("metadata.json")) {
                explicitModel = location;
            }
        } else {
            throw new InferenceException(InferenceException.Reason.BUNDLE_NOT_FOUND, location + " does not exist");
        }
        Path metaFile = dir.resolve("metadata.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new InferenceException(InferenceException.Reason.BUNDLE_NOT_FOUND, "no metadata.json in " + dir
                    + " (a model needs one; see docs/model-bundle.md)");
        }
        byte[] metaBytes = readAtMost(metaFile, MAX_METADATA_BYTES);
        if (metaBytes == null) {
            throw new InferenceException(InferenceException.Reason.TOO_LARGE, "metadata.json: larger than "
                    + MAX_METADATA_BYTES + " bytes, the most a model description may have (" + metaFile + ")");
        }
        ModelMetadata meta = parseMetadata(metaBytes);
        List<String> warnings = new ArrayList<>();
        Path model;
        try {
            model = explicitModel != null ? explicitModel : dir.resolve(meta.onnx().file());
        } catch (InvalidPathException e) {
            throw new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: reslens.onnx.file \""
                    + meta.onnx().file() + "\" is not a file name this system accepts (" + e.getReason() + ")", e);
        }
        Optional<String> expectedHash = meta.onnx().sha256();
        if (explicitModel != null && !explicitModel.getFileName().toString().equals(meta.onnx().file())
                && expectedHash.isPresent()) {
            warnings.add("metadata.json's sha256 is for " + meta.onnx().file() + "; " + explicitModel.getFileName()
                    + " was not integrity-checked");
            expectedHash = Optional.empty();
        } else if (expectedHash.isEmpty()) {
            warnings.add("metadata.json declares no sha256, so " + model.getFileName() + " was not integrity-checked");
        }
        byte[] bytes = readModel(model);
        String hash = sha256(bytes);
        if (expectedHash.isPresent() && !expectedHash.get().equalsIgnoreCase(hash)) {
            throw new InferenceException(InferenceException.Reason.HASH_MISMATCH, model.getFileName()
                    + " has SHA-256 " + hash + " but metadata.json declares " + expectedHash.get().toLowerCase());
        }
        // Only bytes that matched the declared hash reach the parser; a session later re-reads the file and requires
        // the hash computed here, so ONNX Runtime only ever sees bytes that passed the checks below.
        Checked checked;
        try {
            checked = check(OnnxModel.parse(bytes).graph(), meta);
        } catch (InferenceException e) {
            throw namingFile(e, model.getFileName().toString());
        }
        String dirName = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return new ModelBundle(dirName, dir, model, hash, meta, checked.input, checked.logits, checked.head,
                checked.explainedClass, warnings);
    }

    private record Checked(InputSpec input, String logits, CamHead head, int explainedClass) {
    }

    /**
     * metadata.json's bytes as a description: UTF-8 (a byte order mark, as Windows editors write, is allowed), at most
     * {@link #MAX_METADATA_BYTES}, then {@link MetadataJson}. Every refusal starts with "metadata.json".
     */
    static ModelMetadata parseMetadata(byte[] bytes) throws InferenceException {
        if (bytes.length > MAX_METADATA_BYTES) {
            throw new InferenceException(InferenceException.Reason.TOO_LARGE, "metadata.json: " + bytes.length
                    + " bytes, more than the " + MAX_METADATA_BYTES + " a model description may have");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: not UTF-8 text ("
                    + e + ")", e);
        }
        if (json.startsWith("\ufeff")) {
            json = json.substring(1);
        }
        return MetadataJson.parse(json);
    }

    /**
     * The same refusal, its message starting with the ONNX file's name, unless it is about metadata.json alone (those
     * start with "metadata.json: "). A mismatch between the two ("metadata.json declares ... but the graph ...")
     * gets the ONNX file's name too.
     */
    private static InferenceException namingFile(InferenceException e, String file) {
        if (e.getMessage() != null && e.getMessage().startsWith("metadata.json: ")) {
            return e;
        }
        return new InferenceException(e.reason(), file + ": " + e.getMessage(), e);
    }

    private static Checked check(OnnxModel.Graph g, ModelMetadata meta) throws InferenceException {
        List<OnnxModel.ValueInfo> inputs = g.realInputs();
        String inputName = meta.onnx().input().orElseGet(() -> inputs.size() == 1 ? inputs.get(0).name() : null);
        if (inputName == null) {
            throw mismatch("the graph has " + inputs.size() + " inputs " + names(inputs)
                    + "; name the image input in reslens.onnx.input");
        }
        OnnxModel.ValueInfo in = g.input(inputName);
        if (in == null) {
            throw mismatch("input " + inputName + " is not in the graph (inputs: " + names(inputs) + ")");
        }
        if (inputs.size() > 1) {
            throw mismatch("the graph has further inputs besides " + inputName + ": " + names(inputs));
        }
        InputSpec spec = inputSpec(in, meta);

        List<OnnxModel.ValueInfo> outputs = g.outputs();
        String logits = meta.onnx().logitsOutput().orElseGet(() -> outputs.size() == 1 ? outputs.get(0).name() : null);
        if (logits == null) {
            throw mismatch("the graph has " + outputs.size() + " outputs " + names(outputs)
                    + "; name the logits in reslens.onnx.logits_output");
        }
        OnnxModel.ValueInfo lo = g.output(logits);
        if (lo == null) {
            throw mismatch("output " + logits + " is not in the graph (outputs: " + names(outputs) + ")");
        }
        int classes = meta.postprocessing().classCount();
        requireFloat(lo, "logits output");
        if (lo.dims() != null && (lo.dims().size() != 2
                || lo.dims().get(1).fixed() && lo.dims().get(1).value() != classes)) {
            throw mismatch("logits output " + lo.describe() + " is not [batch, " + classes + "] for the "
                    + classes + " declared class names");
        }

        Optional<ModelMetadata.ExplainabilityDeclaration> ex = meta.explainability();
        Optional<String> declaredFeature = ex.flatMap(ModelMetadata.ExplainabilityDeclaration::featureOutput);
        Optional<String> bindingFeature = meta.onnx().featureOutput();
        if (declaredFeature.isPresent() && bindingFeature.isPresent()
                && !declaredFeature.get().equals(bindingFeature.get())) {
            throw new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: onnx.feature_output "
                    + bindingFeature.get() + " and explainability.feature_output " + declaredFeature.get() + " differ");
        }
        Optional<String> feature = declaredFeature.or(() -> bindingFeature);
        CamHead head = HeadAnalysis.analyse(g, logits, classes);  // before the feature output is looked for
        if (head instanceof CamHead.Linear linear) {
            head = bindFeatureOutput(g, linear, feature);
            Optional<String> weight = ex.flatMap(ModelMetadata.ExplainabilityDeclaration::weightInitializer);
            if (weight.isPresent() && !weight.get().equals(linear.weightTensor())) {
                throw mismatch("metadata.json names " + weight.get() + " as the head weight but the linear layer reads "
                        + linear.weightTensor());
            }
            Optional<String> bias = ex.flatMap(ModelMetadata.ExplainabilityDeclaration::biasInitializer);
            if (bias.isPresent() && g.constant(bias.get()) == null) {
                throw mismatch("head bias " + bias.get() + " is not an initializer of the graph");
            }
        } else if (feature.isPresent() || ex.flatMap(ModelMetadata.ExplainabilityDeclaration::weightInitializer)
                .isPresent()) {
            CamHead.Unsupported u = (CamHead.Unsupported) head;
            throw mismatch("metadata.json declares a Grad-CAM head but the graph's head is not global average pool ->"
                    + " linear: found " + u.opFound() + " (" + u.detail() + ")");
        }
        int explained = ex.flatMap(ModelMetadata.ExplainabilityDeclaration::explainedClass)
                .orElse(meta.postprocessing().positiveClass());
        return new Checked(spec, logits, head, explained);
    }

    /** Finds (or plans to add) the graph output that returns the pooled feature map. */
    private static CamHead.Linear bindFeatureOutput(OnnxModel.Graph g, CamHead.Linear head, Optional<String> declared)
            throws InferenceException {
        String pooled = head.featureOutput();
        if (declared.isPresent()) {
            OnnxModel.ValueInfo out = g.output(declared.get());
            if (out == null) {
                throw mismatch("feature output " + declared.get() + " is not an output of the graph (outputs: "
                        + names(g.outputs()) + ")");
            }
            if (!HeadAnalysis.canonical(g, declared.get()).equals(pooled)) {
                throw mismatch("feature output " + declared.get() + " is not the tensor the global average pool reads ("
                        + pooled + "), so its Grad-CAM would not be exact");
            }
            checkFeatureInfo(out, head);
            return head.withFeatureOutput(declared.get(), false);
        }
        Set<String> copies = HeadAnalysis.identityCopies(g, pooled);
        for (OnnxModel.ValueInfo out : g.outputs()) {
            if (copies.contains(out.name())) {
                checkFeatureInfo(out, head);
                return head.withFeatureOutput(out.name(), false);
            }
        }
        OnnxModel.ValueInfo known = g.valueInfo().get(pooled);
        if (known != null) {
            checkFeatureInfo(known, head);
        }
        return head.withFeatureOutput(pooled, true);
    }

    private static void checkFeatureInfo(OnnxModel.ValueInfo v, CamHead.Linear head) throws InferenceException {
        if (v.elemType() != 0) {
            requireFloat(v, "feature output");
        }
        if (v.dims() != null && (v.dims().size() != 4
                || v.dims().get(1).fixed() && v.dims().get(1).value() != head.channels())) {
            throw mismatch("feature output " + v.describe() + " is not [batch, " + head.channels()
                    + ", h, w] as the head's weights need");
        }
    }

    private static InputSpec inputSpec(OnnxModel.ValueInfo in, ModelMetadata meta) throws InferenceException {
        requireFloat(in, "input");
        if (in.dims() == null || in.dims().size() != 4) {
            throw mismatch("input " + in.describe() + " is not an NCHW image tensor of rank 4");
        }
        Preprocessing pre = meta.preprocessing();
        long channelsMade = 1;
        PreprocessStep.Resize resize = null;
        for (PreprocessStep s : pre.steps()) {
            if (s instanceof PreprocessStep.RepeatChannel r) {
                channelsMade = Math.min(channelsMade * r.repeats(), MAX_CHANNELS + 1);
            } else if (s instanceof PreprocessStep.Resize r) {
                resize = r;
            }
        }
        if (resize == null) {
            throw new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: the preprocessing"
                    + " has no Resize step, so slices of other sizes could not be given to the model");
        }
        if (channelsMade > MAX_CHANNELS || channelsMade * resize.height() * resize.width() > MAX_INPUT_FLOATS) {
            throw new InferenceException(InferenceException.Reason.INVALID_METADATA, "metadata.json: the preprocessing"
                    + " makes " + (channelsMade > MAX_CHANNELS ? "more than " + MAX_CHANNELS : channelsMade) + " channels of "
                    + resize.height() + " x " + resize.width() + "; at most " + MAX_CHANNELS + " channels and "
                    + MAX_INPUT_FLOATS + " values per image are supported");
        }
        int channels = (int) channelsMade;
        List<OnnxModel.Dim> d = in.dims();
        long[] made = {1, channels, resize.height(), resize.width()};
        for (int i = 1; i < 4; i++) {
            if (d.get(i).fixed() && d.get(i).value() != made[i]) {
                throw mismatch("input " + in.describe() + " does not take the preprocessing's tensor [1, "
                        + channels + ", " + resize.height() + ", " + resize.width() + "]");
            }
        }
        if (d.get(0).fixed() && d.get(0).value() != 1) {
            throw mismatch("input " + in.describe() + " has a fixed batch of " + d.get(0).value()
                    + "; ResLens needs batch 1 or a free batch dimension");
        }
        Optional<ModelMetadata.DeclaredInput> declared = meta.declaredInput();
        if (declared.isPresent()) {
            Optional<Integer> nc = declared.get().numChannels();
            if (nc.isPresent() && nc.get() != channels) {
                throw mismatch("network_data_format declares " + nc.get() + " input channels but the preprocessing"
                        + " makes " + channels);
            }
            Optional<List<Integer>> sp = declared.get().spatialShape();
            if (sp.isPresent() && !sp.get().equals(List.of(resize.height(), resize.width()))) {
                throw mismatch("network_data_format declares spatial_shape " + sp.get() + " but the preprocessing"
                        + " resizes to [" + resize.height() + ", " + resize.width() + "]");
            }
        }
        return new InputSpec(in.name(), channels, resize.height(), resize.width(), !d.get(0).fixed());
    }

    private static void requireFloat(OnnxModel.ValueInfo v, String what) throws InferenceException {
        if (v.elemType() != OnnxModel.FLOAT) {
            throw mismatch(what + " " + v.describe() + " is not float32");
        }
    }

    private static String names(List<OnnxModel.ValueInfo> values) {
        List<String> names = values.stream().limit(NAMES_IN_MESSAGE).map(OnnxModel.ValueInfo::name).toList();
        return values.size() <= NAMES_IN_MESSAGE ? names.toString()
                : names.toString().replaceFirst("]$", ", ... " + (values.size() - NAMES_IN_MESSAGE) + " more]");
    }

    private static InferenceException mismatch(String detail) {
        return new InferenceException(InferenceException.Reason.MODEL_MISMATCH, detail);
    }

    private static byte[] readModel(Path model) throws InferenceException {
        if (!Files.isRegularFile(model)) {
            throw new InferenceException(InferenceException.Reason.BUNDLE_NOT_FOUND, "model file " + model
                    + " does not exist");
        }
        long heapLimit = maxModelBytes();
        byte[] bytes = readAtMost(model, heapLimit);
        if (bytes != null) {
            return bytes;
        }
        if (heapLimit == MAX_MODEL_BYTES) {
            throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, model.getFileName() + ": larger than"
                    + " 2 GB, which a single ONNX protobuf cannot be");
        }
        throw new InferenceException(InferenceException.Reason.TOO_LARGE, model.getFileName() + ": larger than "
                + (heapLimit >> 20) + " MiB, a quarter of the " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB of memory ResLens has (start it with a larger -Xmx)");
    }

    /**
     * The largest ONNX file read: protobuf's 2 GB limit, and a quarter of the heap, since loading holds the file and
     * starting a session holds it again plus the edited copy. An OutOfMemoryError would take the viewer's whole model
     * list down with it; this refusal names the one model and leaves the others usable.
     */
    static long maxModelBytes() {
        return Math.min(MAX_MODEL_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * The file's bytes, or null when it has more than {@code limit}: a file that says it is larger is not read at all,
     * and the read stops one byte past the limit, so a file that grows after the size check, or a special file
     * without a size, cannot make it read more.
     */
    private static byte[] readAtMost(Path file, long limit) throws InferenceException {
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > limit) {
                return null;
            }
            byte[] bytes = in.readNBytes((int) Math.min(limit, MAX_MODEL_BYTES) + 1);
            return bytes.length > limit ? null : bytes;
        } catch (IOException e) {
            throw new InferenceException(InferenceException.Reason.BUNDLE_NOT_FOUND, "cannot read " + file + ": "
                    + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The bytes a session should load: the file as read at {@link #load} time (re-checked against its hash, so a file
     * replaced since cannot slip in), with the feature map added as an output when the model lacked it.
     */
    byte[] sessionModel() throws InferenceException {
        byte[] bytes = readModel(modelFile);
        String now = sha256(bytes);
        if (!now.equals(sha256)) {
            throw new InferenceException(InferenceException.Reason.HASH_MISMATCH, modelFile.getFileName()
                    + " changed since the bundle was loaded (SHA-256 " + now + ", was " + sha256 + ")");
        }
        if (camHead instanceof CamHead.Linear l && l.added()) {
            OnnxModel parsed = OnnxModel.parse(bytes);
            OnnxModel.ValueInfo known = parsed.graph().valueInfo().get(l.featureOutput());
            // ONNX requires a shape on graph outputs; rank 4 with the head's channel count is all that is certain.
            List<OnnxModel.Dim> dims = known != null && known.dims() != null ? known.dims()
                    : List.of(new OnnxModel.Dim(-1, null), new OnnxModel.Dim(l.channels(), null),
                    new OnnxModel.Dim(-1, null), new OnnxModel.Dim(-1, null));
            return OnnxEditor.withExtraOutputs(bytes, parsed, List.of(new OnnxModel.ValueInfo(l.featureOutput(),
                    OnnxModel.FLOAT, dims)));
        }
        return bytes;
    }

    /** The folder name, used as the model's name in reports. */
    public String name() {
        return name;
    }

    public Path directory() {
        return directory;
    }

    public Path modelFile() {
        return modelFile;
    }

    /** The SHA-256 of the ONNX file, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Preprocessing preprocessing() {
        return metadata.preprocessing();
    }

    public Postprocessing postprocessing() {
        return metadata.postprocessing();
    }

    public Acceptance accepts() {
        return metadata.accepts();
    }

    public InputSpec input() {
        return input;
    }

    public String logitsOutput() {
        return logitsOutput;
    }

    /** Whether and how exact Grad-CAM is possible for this model. */
    public CamHead camHead() {
        return camHead;
    }

    /** The class Grad-CAM explains unless the user picks another. */
    public int explainedClass() {
        return explainedClass;
    }

    /** Things the user should know that do not stop the model (e.g. no checksum declared). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "ModelBundle[" + name + ", " + modelFile.getFileName() + ", sha256 " + sha256.substring(0, 12) + "]";
    }
}
