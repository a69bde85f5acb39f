package org.reslens.ui.workspace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.stage.FileChooser;
import org.reslens.explain.PngWriter;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.ui.FxImages;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportView;

/**
 * Saves the active viewport as a key image: a PNG of what is on screen (slice, heatmap, measurements and, unless
 * de-identified, the patient annotations). The file name never carries the patient's name; the reader picks the
 * folder (never defaulting to the study's own folder), and the PNG is encoded and written off the FX thread.
 */
final class KeyImageExporter {
    private final WorkspaceViewModel vm;
    private File lastFolder;

    KeyImageExporter(WorkspaceViewModel vm) {
        this.vm = vm;
    }

    /** A name from modality, series and slice numbers only. */
    static String suggestedName(StackRef s, int slice, boolean deidentified) {
        String series = s.series().seriesNumber() == null ? "x" : s.series().seriesNumber().toString();
        return String.format(Locale.ROOT, "keyimage_%s_series%s_slice%03d%s.png", s.modality().isEmpty() ? "img"
                : s.modality().toLowerCase(Locale.ROOT), series, slice + 1, deidentified ? "_deid" : "");
    }

    void export(ViewportView view, boolean deidentify) {
        StackRef s = view.viewModel().stackProperty().get();
        if (s == null || view.viewModel().frameProperty().get() == null) {
            vm.notify(Notice.warning("Nothing to export", "Open a series first."));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(deidentify ? "Export key image (de-identified)" : "Export key image");
        fc.setInitialFileName(suggestedName(s, view.viewModel().sliceIndexProperty().get(), deidentify));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File home = new File(System.getProperty("user.home"));
        fc.setInitialDirectory(lastFolder != null && lastFolder.isDirectory() ? lastFolder : home);
        File f = fc.showSaveDialog(view.getScene().getWindow());
        if (f == null) {
            return;
        }
        lastFolder = f.getParentFile();
        write(view, f.toPath(), deidentify, r -> { });
    }

    /** Snapshots now (FX thread) and writes in the background; {@code done} hears the outcome on the FX thread. */
    void write(ViewportView view, Path file, boolean deidentify, java.util.function.Consumer<Boolean> done) {
        ArgbBuffer pixels = FxImages.pixels(view.snapshot(deidentify));
        vm.backgroundExecutor().execute(() -> {
            String error = null;
            try {
                PngWriter.write(file, pixels);
            } catch (IOException | RuntimeException e) {
                error = e.getMessage();
            }
            String err = error;
            vm.uiExecutor().execute(() -> {
                vm.notify(err == null ? Notice.info("Key image saved", file.getFileName().toString()
                        + (deidentify ? " (de-identified)" : "")) : Notice.error("Key image not saved", err));
                done.accept(err == null);
            });
        });
    }
}
