package org.reslens.ui.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reslens.BuildInfo;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.ModelEntry;

/**
 * What Help ▸ About says, as plain lines a support request can quote: the build, the Java and JavaFX runtimes, the
 * model in use with its model card's summary, and that ResLens is a demonstration only.
 */
public record AboutInfo(String build, String java, String javafx, String model, String disclaimer) {
    /** The longest model summary shown; a card's opening paragraph can run on. */
    static final int SUMMARY_MAX = 320;

    public AboutInfo {
        if (build == null || java == null || javafx == null || model == null || disclaimer == null) {
            throw new IllegalArgumentException("every line of the About box is required");
        }
    }

    /** The running build and runtimes, and {@code model} (null when no model is loaded). */
    public static AboutInfo of(BuildInfo build, ModelEntry model) {
        String java = "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ", "
                + System.getProperty("java.vm.name", "unknown VM") + ")";
        // Set by the toolkit when it starts; absent only when JavaFX has not started (tests without it).
        String fx = "JavaFX " + System.getProperty("javafx.runtime.version",
                System.getProperty("javafx.version", "unknown"));
        return new AboutInfo(build.describe(), java, fx, modelLine(model), AiPanelViewModel.DISCLAIMER);
    }

    static String modelLine(ModelEntry m) {
        if (m == null) {
            return "Model: none loaded";
        }
        if (m.bundle() == null) {
            return "Model: " + m.name() + " cannot be used: " + m.problem();
        }
        String version = m.bundle().metadata().version();
        String summary = cardSummary(m.bundle().directory(), m.bundle().metadata().description());
        return "Model: " + m.name() + (version == null || version.isBlank() ? "" : " " + version)
                + (summary.isEmpty() ? "" : " \u2014 " + summary);
    }

    /**
     * The model card's summary: the first paragraph of {@code MODEL_CARD.md} after its title, without Markdown
     * marks; the first sentence of the metadata's description when the bundle has no card.
     */
    static String cardSummary(Path bundleDirectory, String description) {
        Path card = bundleDirectory == null ? null : bundleDirectory.resolve("MODEL_CARD.md");
        if (card != null && Files.isRegularFile(card)) {
            try {
                String first = firstParagraph(Files.readAllLines(card, StandardCharsets.UTF_8));
                if (!first.isEmpty()) {
                    return shorten(first);
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable card falls back to the metadata: the About box must open whatever the bundle holds.
            }
        }
        if (description == null || description.isBlank()) {
            return "";
        }
        String d = description.strip();
        int end = d.indexOf(". ");
        return shorten(end > 0 ? d.substring(0, end + 1) : d);
    }

    private static String firstParagraph(List<String> lines) {
        List<String> paragraph = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                if (!paragraph.isEmpty()) {
                    break;
                }
                continue;
            }
            line = line.replaceFirst("^>\\s?", "").strip();
            if (line.isEmpty()) {
                if (!paragraph.isEmpty()) {
                    break;
                }
                continue;
            }
            paragraph.add(line);
        }
        return String.join(" ", paragraph).replace("**", "").replace("__", "").replace("`", "")
                .replaceAll("\\s+", " ").strip();
    }

    private static String shorten(String s) {
        if (s.length() <= SUMMARY_MAX) {
            return s;
        }
        int cut = s.lastIndexOf(". ", SUMMARY_MAX - 1);
        return cut > SUMMARY_MAX / 2 ? s.substring(0, cut + 1) : s.substring(0, SUMMARY_MAX - 1) + "\u2026";
    }

    /** The lines in order, e.g. for the clipboard. */
    public List<String> lines() {
        return List.of(build, java, javafx, model, disclaimer);
    }
}
