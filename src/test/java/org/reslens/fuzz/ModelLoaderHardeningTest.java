package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.CamHead;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;

/**
 * What fuzzing and review found in the model loader, one test per finding (docs/fuzzing.md, "Model loader"), on hand-
 * made bundles: every one must end in a bundle or a typed {@link InferenceException} whose message names the file.
 */
class ModelLoaderHardeningTest {
    @TempDir
    Path dir;

    private Path bundle(byte[] model, String metadata) throws Exception {
        Path b = Files.createDirectories(dir.resolve("b" + System.nanoTime()));
        Files.write(b.resolve("model.onnx"), model);
        Files.writeString(b.resolve("metadata.json"), metadata);
        return b;
    }

    private Path bundle(OnnxBytes graph) throws Exception {
        return bundle(OnnxBytes.model(graph), OnnxBytes.tinyMetadata("model.onnx", null));
    }

    private static InferenceException refusal(Path bundle) {
        InferenceException[] caught = new InferenceException[1];
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                ModelBundle.load(bundle);
            } catch (InferenceException e) {
                caught[0] = e;
            }
        });
        assertThat(caught[0]).as("refused").isNotNull();
        return caught[0];
    }

    @Test
    void theTinyClassifierLoadsWithAnExactHead() throws Exception {
        ModelBundle b = ModelBundle.load(bundle(OnnxBytes.tinyClassifierGraph()));
        assertThat(b.camHead()).isInstanceOfSatisfying(CamHead.Linear.class,
                l -> assertThat(l.featureOutput()).isEqualTo("image"));
    }

    @Test
    void anAddWithOneInputAfterAMatMulIsNotALinearHead() throws Exception {
        OnnxBytes g = OnnxBytes.message()
                .message(1, OnnxBytes.node("GlobalAveragePool", new String[] {"image"}, new String[] {"p"}))
                .message(1, OnnxBytes.node("Flatten", new String[] {"p"}, new String[] {"f"}))
                .message(1, OnnxBytes.node("MatMul", new String[] {"f", "w"}, new String[] {"mm"}))
                .message(1, OnnxBytes.node("Add", new String[] {"mm"}, new String[] {"logits"}))
                .message(5, OnnxBytes.floatTensor("w", new long[] {1, 2}, new float[] {1, 2}))
                .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
        ModelBundle b = ModelBundle.load(bundle(g));
        assertThat(b.camHead()).isInstanceOfSatisfying(CamHead.Unsupported.class,
                u -> assertThat(u.opFound()).isEqualTo("Add"));
    }

    @Test
    void anIdentityCycleBeforeTheLogitsEndsInsteadOfLoopingForever() throws Exception {
        OnnxBytes g = OnnxBytes.message()
                .message(1, OnnxBytes.node("Identity", new String[] {"a"}, new String[] {"logits"}))
                .message(1, OnnxBytes.node("Identity", new String[] {"logits"}, new String[] {"a"}))
                .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
        ModelBundle b = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ModelBundle.load(bundle(g)));
        assertThat(b.camHead()).isInstanceOf(CamHead.Unsupported.class);
    }

    @Test
    void aShapeOnlyCycleBetweenPoolAndLinearLayerEndsToo() throws Exception {
        OnnxBytes g = OnnxBytes.message()
                .message(1, OnnxBytes.node("Flatten", new String[] {"b"}, new String[] {"a"}))
                .message(1, OnnxBytes.node("Reshape", new String[] {"a"}, new String[] {"b"}))
                .message(1, OnnxBytes.node("Gemm", new String[] {"a", "fc.weight"}, new String[] {"logits"},
                        OnnxBytes.intAttribute("transB", 1)))
                .message(5, OnnxBytes.floatTensor("fc.weight", new long[] {2, 1}, new float[] {1, 2}))
                .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
        ModelBundle b = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ModelBundle.load(bundle(g)));
        assertThat(b.camHead()).isInstanceOf(CamHead.Unsupported.class);
    }

    @Test
    void aHeadWeightWithAZeroDimensionIsNotALinearHead() throws Exception {
        for (long[] dims : new long[][] {{2, 0}, {0, 2}, {2, 4294967297L}}) {
            OnnxBytes g = OnnxBytes.message()
                    .message(1, OnnxBytes.node("GlobalAveragePool", new String[] {"image"}, new String[] {"p"}))
                    .message(1, OnnxBytes.node("Gemm", new String[] {"p", "w"}, new String[] {"logits"},
                            OnnxBytes.intAttribute("transB", 1)))
                    .message(5, OnnxBytes.floatTensor("w", dims, new float[0]))
                    .message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                    .message(12, OnnxBytes.valueInfo("logits", 1, null, 2L));
            try {
                ModelBundle b = ModelBundle.load(bundle(g));
                assertThat(b.camHead()).as("dims %s", java.util.Arrays.toString(dims))
                        .isInstanceOf(CamHead.Unsupported.class);
            } catch (InferenceException e) {
                assertThat(e.getMessage()).contains("model.onnx");
            }
        }
    }

    @Test
    void anOnnxFileNameWithANulCharacterIsInvalidMetadata() throws Exception {
        Path b = bundle(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()),
                OnnxBytes.tinyMetadata("model\\u0000.onnx", null));
        InferenceException e = refusal(b);
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.INVALID_METADATA);
        assertThat(e.getMessage()).startsWith("metadata.json").contains("reslens.onnx.file");
    }

    @Test
    void metadataThatIsNotUtf8IsInvalidMetadataNotAMissingBundle() throws Exception {
        Path b = bundle(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()), "{}");
        byte[] json = OnnxBytes.tinyMetadata("model.onnx", null).replace("normal", "n\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(b.resolve("metadata.json"), json);
        InferenceException e = refusal(b);
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.INVALID_METADATA);
        assertThat(e.getMessage()).startsWith("metadata.json").contains("UTF-8");
    }

    @Test
    void aByteOrderMarkBeforeMetadataIsAccepted() throws Exception {
        Path b = bundle(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()),
                "\ufeff" + OnnxBytes.tinyMetadata("model.onnx", null));
        assertThat(ModelBundle.load(b).input().height()).isEqualTo(8);
    }

    @Test
    void channelCountsThatOverflowAreRefusedAsMetadata() throws Exception {
        StringBuilder repeats = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            repeats.append(", {\"name\": \"RepeatChannel\", \"repeats\": 64}");
        }
        String meta = OnnxBytes.tinyMetadata("model.onnx", null).replace("\"mode\": \"bilinear\"}",
                "\"mode\": \"bilinear\"}" + repeats);
        // the graph's channel dimension is free, so only the preprocessing's own product can refuse it
        byte[] free = OnnxBytes.model(OnnxBytes.tinyClassifierGraph((Long) null));
        InferenceException e = refusal(bundle(free, meta));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.INVALID_METADATA);
        assertThat(e.getMessage()).startsWith("metadata.json");
    }

    @Test
    void anExternalDataInitializerIsRefusedBeforeOnnxRuntimeCouldFollowItsPath() throws Exception {
        OnnxBytes external = OnnxBytes.message().varint(1, 1000).varint(2, 1).string(8, "big")
                .message(13, OnnxBytes.message().string(1, "location").string(2, "../../../../etc/passwd"))
                .varint(14, 1);
        OnnxBytes g = OnnxBytes.tinyClassifierGraph().message(5, external);
        InferenceException e = refusal(bundle(g));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.CORRUPT_MODEL);
        assertThat(e.getMessage()).contains("model.onnx").contains("external");
    }

    @Test
    void refusalsAboutTheOnnxFileStartWithItsName() throws Exception {
        InferenceException e = refusal(bundle("<html>404</html>".getBytes(StandardCharsets.UTF_8),
                OnnxBytes.tinyMetadata("model.onnx", null)));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.CORRUPT_MODEL);
        assertThat(e.getMessage()).startsWith("model.onnx: ");
        OnnxBytes noLogits = OnnxBytes.message().message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L))
                .message(12, OnnxBytes.valueInfo("out", 7, null, 2L));
        e = refusal(bundle(noLogits));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.MODEL_MISMATCH);
        assertThat(e.getMessage()).startsWith("model.onnx: ");
    }

    @Test
    void longIdentityChainsWhoseEveryLinkIsAnOutputLoadInLinearTime() throws Exception {
        // was chain^3 / 2 steps (each output's chain walked back, a search of the whole graph per step): hours
        Path b = bundle(HostileModels.identityChain(7_500), OnnxBytes.tinyMetadata("model.onnx", null)
                .replace("\"file\"", "\"logits_output\": \"logits\", \"file\""));
        long start = System.nanoTime();
        ModelBundle loaded = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ModelBundle.load(b));
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
        assertThat(loaded.camHead()).isInstanceOfSatisfying(CamHead.Linear.class, l -> {
            assertThat(l.added()).as("a copy of the pooled tensor is an output already").isFalse();
            assertThat(l.featureOutput()).as("every link copies the image; the first output that does").isEqualTo("t0");
        });
    }

    @Test
    void moreThan64PreprocessingStepsAreRefusedBeforeTheyAreCopied() throws Exception {
        String meta = OnnxBytes.tinyMetadata("model.onnx", null).replace("\"preprocessing\": [",
                "\"preprocessing\": [" + "{\"name\": \"RepeatChannel\", \"repeats\": 1}, ".repeat(64));
        InferenceException e = refusal(bundle(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()), meta));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.INVALID_METADATA);
        assertThat(e.getMessage()).isEqualTo("metadata.json: reslens.preprocessing has 65 steps; at most 64 are"
                + " supported");
    }

    @Test
    void metadataOverOneMebibyteIsRefusedUnread() throws Exception {
        String meta = OnnxBytes.tinyMetadata("model.onnx", null).replaceFirst("\\{",
                "{\"notes\": \"" + "x".repeat(1 << 20) + "\", ");
        InferenceException e = refusal(bundle(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()), meta));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("metadata.json: larger than 1048576 bytes");
    }

    @Test
    void aMessageNamesAtMostTenOfAGraphsOutputs() throws Exception {
        OnnxBytes g = OnnxBytes.message().message(11, OnnxBytes.valueInfo("image", 1, null, 1L, 8L, 8L));
        for (int i = 0; i < 25; i++) {
            g.message(12, OnnxBytes.valueInfo("out" + i, 1, null, 2L));
        }
        InferenceException e = refusal(bundle(g));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.MODEL_MISMATCH);
        assertThat(e.getMessage()).contains("out9, ... 15 more]").doesNotContain("out10");
    }

    @Test
    void theHashIsCheckedBeforeTheBytesAreParsed() throws Exception {
        // garbage that would be CORRUPT_MODEL if parsed: a hash mismatch must win, so no parser sees unverified bytes
        byte[] garbage = new byte[] {(byte) 0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        InferenceException e = refusal(bundle(garbage, OnnxBytes.tinyMetadata("model.onnx", "00".repeat(32))));
        assertThat(e.reason()).isEqualTo(InferenceException.Reason.HASH_MISMATCH);
        assertThat(e.getMessage()).contains("model.onnx");
    }
}
