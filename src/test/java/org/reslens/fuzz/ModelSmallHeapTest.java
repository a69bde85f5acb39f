package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model loader's allocation is bounded: the regression inputs of the three model fuzz targets, the
 * {@link HostileModels} (3 MB each: lying lengths, millions of tiny elements, long Identity chains, deep nesting,
 * metadata.json at and past its limit), the default model's own bundle and a bundle whose model is 20 MB of zeros
 * (over a quarter of the heap) are read in a child JVM with
 * {@code -Xmx64m}, which must exit cleanly with every input ending in a return or an InferenceException within the
 * fuzz targets' time budget. A child process for the reasons {@link SmallHeapTest} gives.
 */
class ModelSmallHeapTest {
    private static final String HEAP = "-Xmx64m";
    private static final Path DEFAULT_MODEL = Path.of("models/brain-lesion-demo");
    /** More than a quarter of a 64 MiB heap: ModelBundle refuses it unread. */
    private static final int OVERSIZED_MIB = 20;

    @Test
    void modelRegressionInputsHostileModelsAndTheDefaultBundleEndCleanlyIn64MiBHeap(@TempDir Path dir)
            throws IOException, InterruptedException, URISyntaxException {
        Map<String, Path> inputs = new java.util.LinkedHashMap<>();
        regressionInputs(inputs, dir);
        for (Map.Entry<String, byte[]> e : HostileModels.all().entrySet()) {
            String kind = e.getKey().substring(0, e.getKey().indexOf('-'));
            inputs.put(kind + ":" + dir.resolve(e.getKey()), Files.write(dir.resolve(e.getKey()), e.getValue()));
        }
        if (Files.isRegularFile(DEFAULT_MODEL.resolve("metadata.json"))) {
            inputs.put("folder:" + DEFAULT_MODEL.toAbsolutePath(), DEFAULT_MODEL.resolve("model.onnx"));
        }
        // a model over a quarter of the child's heap: refused unread, where reading it would end in OutOfMemoryError
        Path oversized = Files.createDirectories(dir.resolve("oversized-model"));
        Files.writeString(oversized.resolve("metadata.json"), OnnxBytes.tinyMetadata("model.onnx", null));
        try (var out = Files.newOutputStream(oversized.resolve("model.onnx"))) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < OVERSIZED_MIB; i++) {
                out.write(block);
            }
        }
        inputs.put("folder:" + oversized, oversized.resolve("metadata.json"));

        SmallHeapChild.Outcome child = SmallHeapChild.run(dir, HEAP, ModelSmallHeapReplay.class,
                List.copyOf(inputs.keySet()));
        String output = child.output();
        Map<String, Long> millisByFile = child.millisByFile();
        assertThat(output).as("the oversized model's outcome").containsPattern("OK \\d+ oversized-model TOO_LARGE: ");
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            String name = Path.of(e.getKey().substring(e.getKey().indexOf(':') + 1)).getFileName().toString();
            assertThat(millisByFile).as("outcome reported for %s; output:%n%s", name, output).containsKey(name);
            long budget = FuzzInvariants.timeBudgetMillis((int) Files.size(e.getValue()));
            assertThat(millisByFile.get(name)).as("milliseconds for %s (%d bytes)", name, Files.size(e.getValue()))
                    .isLessThanOrEqualTo(budget);
        }
    }

    /** Every committed input of the model targets, copied under unique names (the child reports by file name). */
    private static void regressionInputs(Map<String, Path> inputs, Path dir) throws IOException, URISyntaxException {
        Path root = Path.of(ModelSmallHeapTest.class.getResource("OnnxModelFuzzTestInputs").toURI()).getParent();
        Path copies = Files.createDirectories(dir.resolve("corpus"));
        Map<String, String> kinds = Map.of("OnnxModelFuzzTestInputs", "onnx", "ModelMetadataFuzzTestInputs",
                "metadata", "ModelBundleFuzzTestInputs", "bundle");
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            try (Stream<Path> s = Files.walk(root.resolve(k.getKey()))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    Path target = copies.resolve(k.getValue() + "-" + p.getFileName());
                    inputs.put(k.getValue() + ":" + target, Files.copy(p, target));
                }
            }
        }
    }
}
