package org.reslens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime is native code and is not fuzzed; what protects it is that it only ever gets bytes that passed the
 * loader's own checks. The order that guarantees it: at load, the file's SHA-256 is compared with metadata.json's
 * before the protobuf is parsed; when a session starts, the file is read again and must still have the hash it had
 * at load, so a file replaced in between (even by a valid model that ONNX Runtime would happily load) is refused
 * before ONNX Runtime sees it.
 */
class HashBeforeRuntimeTest {
    @TempDir
    Path tmp;

    private Path bundle(boolean declareHash) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bundle-" + declareHash));
        Path model = Files.copy(ByoFixture.model("gemm"), dir.resolve("model.onnx"));
        String sha = declareHash ? ", \"sha256\": \"" + ModelBundle.sha256(Files.readAllBytes(model)) + "\"" : "";
        Files.writeString(dir.resolve("metadata.json"), Files.readString(ByoFixture.DIR.resolve("metadata.json"))
                .replace("\"file\": \"resnet-gemm.onnx\"", "\"file\": \"model.onnx\"" + sha));
        return dir;
    }

    @Test
    void aModelReplacedAfterLoadingIsRefusedBeforeOnnxRuntimeLoadsIt() throws Exception {
        for (boolean declared : new boolean[] {true, false}) {
            Path dir = bundle(declared);
            ModelBundle b = ModelBundle.load(dir);
            // a valid ONNX model of another head: ONNX Runtime would load it without complaint
            Files.copy(ByoFixture.model("maxpool"), dir.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> ModelSession.open(b, RuntimeOptions.interactive().withIntraOpThreads(1).withoutCache())).as("hash declared: %s", declared)
                    .isInstanceOfSatisfying(InferenceException.class, e -> {
                        assertThat(e.reason()).isEqualTo(InferenceException.Reason.HASH_MISMATCH);
                        assertThat(e.getMessage()).startsWith("model.onnx changed since the bundle was loaded");
                    });
        }
    }

    @Test
    void theSessionGetsExactlyTheCheckedBytesPlusTheFeatureOutput() throws Exception {
        Path dir = bundle(true);
        ModelBundle b = ModelBundle.load(dir);
        byte[] file = Files.readAllBytes(dir.resolve("model.onnx"));
        byte[] session = b.sessionModel();
        OnnxModel parsed = OnnxModel.parse(file);
        // everything before and after the graph is the file's, byte for byte; the graph gains one output
        assertThat(java.util.Arrays.equals(file, 0, parsed.graphFieldStart(), session, 0, parsed.graphFieldStart()))
                .isTrue();
        assertThat(OnnxModel.parse(session).graph().outputs()).hasSize(parsed.graph().outputs().size() + 1);
        try (ModelSession s = ModelSession.open(b, RuntimeOptions.interactive().withIntraOpThreads(1).withoutCache())) {
            assertThat(s).isNotNull();
        }
    }

    @Test
    void aHashMismatchAtLoadComesBeforeAnyParsing() throws Exception {
        Path dir = bundle(true);
        Files.write(dir.resolve("model.onnx"), new byte[] {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOfSatisfying(InferenceException.class,
                e -> assertThat(e.reason()).as("a parser would have said CORRUPT_MODEL")
                        .isEqualTo(InferenceException.Reason.HASH_MISMATCH));
    }
}
