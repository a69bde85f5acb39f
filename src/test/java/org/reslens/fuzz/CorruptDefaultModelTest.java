package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.ui.Fixtures;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.Analyzer;
import org.reslens.ui.ai.ModelCatalog;
import org.reslens.ui.ai.ModelEntry;
import org.reslens.ui.series.StackRef;

/**
 * "The viewer keeps working without AI": the shipped model's bundle damaged in the ways a disk, a download or a
 * person damages it. What the viewer relies on is that {@link ModelBundle#load} refuses with an
 * {@link InferenceException} (a sentence for the reader and a technical message naming the file): the model list
 * ({@link ModelCatalog}) then lists the default as unusable with that reason, every other model stays usable, and the AI
 * panel says why no model runs, while the study itself is shown as usual (nothing here touches the viewer's pixels).
 */
class CorruptDefaultModelTest {
    private static final Path DEFAULT = Path.of("models", ModelCatalog.DEFAULT_MODEL);
    private static final Executor DIRECT = Runnable::run;

    /** Damage done to a copy of the shipped bundle, and the reason the loader must give. */
    enum Damage {
        MODEL_TRUNCATED(InferenceException.Reason.HASH_MISMATCH),
        MODEL_REPLACED_BY_AN_HTML_PAGE(InferenceException.Reason.HASH_MISMATCH),
        MODEL_DAMAGED_AND_HASH_UPDATED_TO_MATCH(InferenceException.Reason.CORRUPT_MODEL),
        MODEL_DELETED(InferenceException.Reason.BUNDLE_NOT_FOUND),
        METADATA_CUT_IN_THE_MIDDLE(InferenceException.Reason.INVALID_METADATA),
        METADATA_EMPTY(InferenceException.Reason.INVALID_METADATA),
        METADATA_NOT_UTF8(InferenceException.Reason.INVALID_METADATA),
        METADATA_OF_TWO_MEBIBYTES(InferenceException.Reason.TOO_LARGE);

        final InferenceException.Reason reason;

        Damage(InferenceException.Reason reason) {
            this.reason = reason;
        }

        void applyTo(Path bundle) throws Exception {
            Path model = bundle.resolve("model.onnx");
            Path meta = bundle.resolve("metadata.json");
            byte[] m = Files.readAllBytes(model);
            String json = Files.readString(meta, StandardCharsets.UTF_8);
            switch (this) {
                case MODEL_TRUNCATED -> Files.write(model, Arrays.copyOf(m, m.length / 2));
                case MODEL_REPLACED_BY_AN_HTML_PAGE -> Files.writeString(model, "<html><body>404</body></html>");
                case MODEL_DAMAGED_AND_HASH_UPDATED_TO_MATCH -> {
                    byte[] damaged = Arrays.copyOf(m, m.length);
                    Arrays.fill(damaged, 2, 12, (byte) 0xFF);  // inside the first fields: a varint that never ends
                    Files.write(model, damaged);
                    Files.writeString(meta, json.replaceAll("\"sha256\": \"[0-9a-f]{64}\"",
                            "\"sha256\": \"" + sha256(damaged) + "\""));
                }
                case MODEL_DELETED -> Files.delete(model);
                case METADATA_CUT_IN_THE_MIDDLE -> Files.writeString(meta, json.substring(0, json.length() / 2));
                case METADATA_EMPTY -> Files.write(meta, new byte[0]);
                case METADATA_NOT_UTF8 -> Files.write(meta, json.replace("normal", "n\u00f6rmal")
                        .getBytes(StandardCharsets.ISO_8859_1));
                case METADATA_OF_TWO_MEBIBYTES -> Files.writeString(meta, json.replaceFirst("\\{",
                        "{\"description\": \"" + "x".repeat(2 << 20) + "\", "));
                default -> throw new IllegalStateException();
            }
        }
    }

    @TempDir
    Path root;

    /** A models folder: the shipped bundle, damaged, and a bring-your-own bundle that accepts any image. */
    private Path modelsFolder(Damage damage) throws Exception {
        Path bundle = Files.createDirectories(root.resolve(ModelCatalog.DEFAULT_MODEL));
        try (Stream<Path> s = Files.list(DEFAULT)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("metadata\\.json|model\\.onnx")).toList()) {
                Files.copy(p, bundle.resolve(p.getFileName()));
            }
        }
        damage.applyTo(bundle);
        Path byo = Files.createDirectories(root.resolve("zz-byo"));
        Files.copy(Fixtures.BYO_MODEL.resolve("metadata.json"), byo.resolve("metadata.json"));
        Files.copy(Fixtures.BYO_MODEL.resolve("resnet-gemm.onnx"), byo.resolve("resnet-gemm.onnx"));
        return root;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void theLoaderRefusesTheDamagedDefaultWithAReasonAndAMessageNamingTheFile(Damage damage) throws Exception {
        Path bundle = modelsFolder(damage).resolve(ModelCatalog.DEFAULT_MODEL);
        InferenceException e = null;
        try {
            ModelBundle.load(bundle);
        } catch (InferenceException caught) {
            e = caught;
        }
        assertThat(e).as("refused").isNotNull();
        assertThat(e.reason()).isEqualTo(damage.reason);
        assertThat(e.userMessage()).isNotBlank();
        assertThat(e.getMessage()).containsAnyOf("model.onnx", "metadata.json");
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void theModelListShowsTheDefaultAsUnusableWithItsReasonAndKeepsTheOthers(Damage damage) throws Exception {
        List<ModelEntry> found = new ModelCatalog(List.of(modelsFolder(damage))).discover();
        assertThat(found).extracting(ModelEntry::name).containsExactly(ModelCatalog.DEFAULT_MODEL, "zz-byo");
        ModelEntry broken = found.get(0);
        assertThat(broken.bundledDefault()).isTrue();
        assertThat(broken.bundle()).isNull();
        assertThat(broken.problem()).startsWith(userMessage(damage.reason)).containsAnyOf("model.onnx", "metadata.json");
        assertThat(broken.accepts("MR")).as("an unusable model accepts nothing").isFalse();
        assertThat(found.get(1).bundle()).as("the other model still loads").isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = Damage.class, names = {"MODEL_TRUNCATED", "METADATA_CUT_IN_THE_MIDDLE"})
    void theAiPanelChoosesAnotherModelOrSaysWhyTheDefaultCannotRun(Damage damage) throws Exception {
        StackRef ct = Fixtures.firstStack(Fixtures.SHUFFLED);

        AiPanelViewModel withOther = panel(new ModelCatalog(List.of(modelsFolder(damage))));
        withOther.stackProperty().set(ct);
        assertThat(withOther.modelsLoadedProperty().get()).isTrue();
        assertThat(withOther.selectedProperty().get().name()).isEqualTo("zz-byo");

        Files.walk(root.resolve("zz-byo")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        AiPanelViewModel alone = panel(new ModelCatalog(List.of(root)));
        alone.stackProperty().set(ct);
        assertThat(alone.modelsLoadedProperty().get()).isTrue();
        assertThat(alone.selectedProperty().get()).isNull();
        assertThat(alone.statusProperty().get()).startsWith("No model here accepts CT.")
                .contains("The bundled model cannot be used: " + userMessage(damage.reason));
    }

    private static AiPanelViewModel panel(ModelCatalog catalog) {
        AiPanelViewModel vm = new AiPanelViewModel(catalog, new NeverRuns(), DIRECT, DIRECT, DIRECT);
        vm.autoRunProperty().set(false);
        vm.loadModels();
        return vm;
    }

    private static String userMessage(InferenceException.Reason reason) {
        return new InferenceException(reason, "").userMessage();
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The panel is not asked to run here; a run would be a test error. */
    private static final class NeverRuns implements Analyzer {
        @Override
        public List<String> analyse(ModelEntry model, StackRef stack, Listener listener, BooleanSupplier cancelled) {
            throw new AssertionError("no analysis expected");
        }

        @Override
        public void close() {
        }
    }
}
