package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.reslens.inference.CamHead;
import org.reslens.inference.InferenceException;
import org.reslens.inference.LoaderProbe;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelMetadata;

/**
 * A whole bundle loaded from a folder, as the viewer's model list and {@code reslens explain} do: metadata.json and
 * the ONNX file both come from the input, the hash is checked, the graph read and matched against the description,
 * and for a bundle that loads, the bytes a session would hand ONNX Runtime are made (the session itself is not
 * opened: ONNX Runtime is native code, see docs/fuzzing.md).
 *
 * <p>Layout: [0] mode, [1..2] length of metadata.json (big-endian), metadata.json, then the ONNX file. Mode bit 0:
 * every run of 64 hexadecimal digits in metadata.json becomes the ONNX file's real SHA-256 (so that mutated models
 * get past the hash check; without it they are refused as HASH_MISMATCH); bits 1-2: load the folder (0 or 3), its
 * metadata.json (1) or the ONNX file (2). The ONNX file is written under the name metadata.json gives (when it reads
 * as a plain name), else model.onnx. Seeds: the default model's and the bring-your-own fixture's metadata.json with
 * their models, slimmed (fuzz/make_model_seeds.py).
 *
 * <p>Beyond the common invariants ({@link ModelFuzzInvariants}) a refusal names its file: INVALID_METADATA starts
 * with "metadata.json", HASH_MISMATCH, CORRUPT_MODEL and MODEL_MISMATCH with the ONNX file's name, BUNDLE_NOT_FOUND
 * gives the path; a loaded bundle carries the file's SHA-256 and consistent classes, and its session bytes parse,
 * with the feature map added as an output where the loader said it would add it.
 */
class ModelBundleFuzzTest {
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern FILE = Pattern.compile("\"file\"\\s*:\\s*\"([A-Za-z0-9._ -]{1,64})\"");
    private static final Path DIR = tempDir();

    static {
        ModelFuzzInvariants.warmUp();
    }

    @FuzzTest(maxDuration = "4m")
    void bundle(byte[] data) throws IOException {
        load(data);
    }

    /**
     * One input, as {@link #bundle} runs it (also {@link ModelSmallHeapReplay}'s, under a small heap); returns what
     * happened.
     */
    static String load(byte[] data) throws IOException {
        if (data.length < 3) {
            return "too short";
        }
        int mode = data[0] & 0xFF;
        int metaLength = Math.min((data[1] & 0xFF) << 8 | (data[2] & 0xFF), data.length - 3);
        byte[] model = Arrays.copyOfRange(data, 3 + metaLength, data.length);
        String hash = sha256(model);
        byte[] meta = Arrays.copyOfRange(data, 3, 3 + metaLength);
        if ((mode & 1) != 0) {
            meta = HASH.matcher(new String(meta, StandardCharsets.ISO_8859_1)).replaceAll(hash)
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        Matcher m = FILE.matcher(new String(meta, StandardCharsets.ISO_8859_1));
        String modelName = m.find() && !m.group(1).equals("metadata.json") && !m.group(1).equals(".")
                && !m.group(1).equals("..") ? m.group(1) : "model.onnx";
        clear();
        Files.write(DIR.resolve("metadata.json"), meta);
        Files.write(DIR.resolve(modelName), model);
        Path location = switch ((mode >> 1) & 3) {
            case 1 -> DIR.resolve("metadata.json");
            case 2 -> DIR.resolve(modelName);
            default -> DIR;
        };
        ModelBundle[] loaded = new ModelBundle[1];
        InferenceException failure = ModelFuzzInvariants.expectReturnOrInferenceException(data.length,
                () -> loaded[0] = ModelBundle.load(location));
        String expectedModel = location.equals(DIR.resolve(modelName)) ? modelName : declaredFile(meta);
        if (failure != null) {
            checkNamesFile(failure, expectedModel);
            return failure.reason() + ": " + failure.getMessage();
        }
        checkBundle(loaded[0], model, hash);
        return "loaded " + loaded[0] + ", head " + loaded[0].camHead().getClass().getSimpleName();
    }

    /** The ONNX file name metadata.json declares, as the loader reads it, or null if it does not parse. */
    private static String declaredFile(byte[] meta) {
        try {
            ModelMetadata parsed = LoaderProbe.metadata(meta);
            return parsed.onnx().file();
        } catch (InferenceException e) {
            return null;
        }
    }

    private static void checkNamesFile(InferenceException e, String modelName) {
        String msg = e.getMessage();
        boolean names = switch (e.reason()) {
            case INVALID_METADATA -> msg.startsWith("metadata.json");
            case HASH_MISMATCH, CORRUPT_MODEL, MODEL_MISMATCH -> modelName != null && msg.startsWith(modelName);
            case TOO_LARGE -> msg.startsWith("metadata.json") || modelName != null && msg.startsWith(modelName);
            case BUNDLE_NOT_FOUND -> msg.contains(DIR.toString());
            default -> false;
        };
        if (!names) {
            throw new AssertionError(e.reason() + " does not name its file (" + modelName + "): " + msg, e);
        }
    }

    private static void checkBundle(ModelBundle b, byte[] model, String hash) {
        if (!b.sha256().equals(hash)) {
            throw new AssertionError("bundle hash " + b.sha256() + " for a file of hash " + hash);
        }
        int classes = b.postprocessing().classCount();
        if (b.explainedClass() < 0 || b.explainedClass() >= classes) {
            throw new AssertionError("explained class " + b.explainedClass() + " of " + classes);
        }
        if (b.camHead() instanceof CamHead.Linear l && l.classes() != classes) {
            throw new AssertionError("head of " + l.classes() + " classes for " + classes + " class names");
        }
        try {
            int before = LoaderProbe.outputCount(model);
            int after = LoaderProbe.outputCount(LoaderProbe.sessionModel(b));
            boolean added = b.camHead() instanceof CamHead.Linear l && l.added();
            if (after != before + (added ? 1 : 0)) {
                throw new AssertionError("session model has " + after + " outputs, the file " + before
                        + (added ? " plus the feature map" : ""));
            }
        } catch (InferenceException e) {
            throw new AssertionError("a loaded bundle's session bytes were refused", e);
        }
    }

    private static void clear() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("reslens-bundle-fuzz");
            d.toFile().deleteOnExit();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    clear();
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    // a temporary folder left behind is harmless
                }
            }));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
