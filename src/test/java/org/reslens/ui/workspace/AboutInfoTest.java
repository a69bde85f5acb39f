package org.reslens.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.BuildInfo;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.ModelCatalog;
import org.reslens.ui.ai.ModelEntry;

class AboutInfoTest {
    @Test
    void theBoxNamesTheBuildTheRuntimesAndSaysItIsADemonstration() {
        AboutInfo a = AboutInfo.of(new BuildInfo("1.2.3", "abc1234", "2026-11-28T06:00:00Z"), null);
        assertThat(a.build()).isEqualTo("ResLens 1.2.3 (commit abc1234, built 2026-11-28T06:00:00Z)");
        assertThat(a.java()).startsWith("Java " + Runtime.version());
        assertThat(a.javafx()).startsWith("JavaFX ");
        assertThat(a.model()).isEqualTo("Model: none loaded");
        assertThat(a.disclaimer()).isEqualTo(AiPanelViewModel.DISCLAIMER);
        assertThat(a.lines()).hasSize(5).startsWith(a.build());
    }

    @Test
    void theModelCardSummaryIsItsFirstParagraphWithoutMarkdown(@TempDir Path bundle) throws Exception {
        Files.writeString(bundle.resolve("MODEL_CARD.md"), """
                # Model card: demo

                > **Not for clinical use.** A `demo` model,
                > trained on synthetic images.

                ## Model details

                - Files: model.onnx
                """);
        assertThat(AboutInfo.cardSummary(bundle, "Ignored. Because the card wins."))
                .isEqualTo("Not for clinical use. A demo model, trained on synthetic images.");
    }

    @Test
    void withoutACardTheSummaryIsTheDescriptionsFirstSentence(@TempDir Path bundle) {
        assertThat(AboutInfo.cardSummary(bundle, "A small ResNet. Trained on nothing real."))
                .isEqualTo("A small ResNet.");
        assertThat(AboutInfo.cardSummary(bundle, null)).isEmpty();
        String longText = "word ".repeat(200);
        assertThat(AboutInfo.cardSummary(bundle, longText)).hasSize(AboutInfo.SUMMARY_MAX).endsWith("\u2026");
    }

    @Test
    void theBundledModelIsNamedWithItsVersionAndItsCardSummary() {
        List<ModelEntry> models = new ModelCatalog(List.of(Path.of("models"))).discover();
        ModelEntry m = models.stream().filter(ModelEntry::bundledDefault).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(m != null && m.bundle() != null, "the bundled model is present");
        String line = AboutInfo.modelLine(m);
        assertThat(line).startsWith("Model: " + m.name() + " " + m.bundle().metadata().version() + " \u2014 ");
        assertThat(line).endsWith(AboutInfo.cardSummary(m.bundle().directory(), m.bundle().metadata().description()));
        assertThat(line.length()).isGreaterThan(40);
    }
}
