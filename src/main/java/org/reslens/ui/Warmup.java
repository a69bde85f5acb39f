package org.reslens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;
import org.reslens.dicom.write.DataSet;
import org.reslens.dicom.write.DicomWriter;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.browser.StudyBrowserViewModel;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * Opens a tiny synthetic two-slice CT once, off screen, while the empty window waits for the reader to choose a study.
 *
 * <p>Why: the first study opened in a fresh JVM paid 0.5-1 s more than the second (measured on a loaded 2-core
 * machine) for loading and initialising the classes of the open path (the data dictionary, the parser, the indexer and
 * its sorting, the decoder, the display LUT, the automatic window, the pixel-buffer image) on top of the work itself.
 * Running that path once on 2 x 64 x 64 pixels costs a few hundred milliseconds of background CPU at start-up, when
 * nothing else is going on, and takes most of that cost out of the reader's first open (0.14-0.59 of the time without
 * it, in back-to-back probe runs). It goes through the same executors as real work (decoding on {@code background},
 * rendering on the UI thread) and a store of its own, and it deletes its temporary folder when done. When the command
 * line names inputs, their open is the warm-up, and this is not run.
 */
final class Warmup {
    private static final int SIZE = 64;

    private Warmup() {
    }

    /**
     * Starts the warm-up; {@code done} hears on the UI thread whether a slice was rendered (a failure is harmless:
     * the first real open then pays the start-up cost itself).
     */
    static void start(Executor background, Executor render, Executor ui, Consumer<Boolean> done) {
        background.execute(() -> {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("reslens-warmup");
                for (int k = 1; k <= 2; k++) {
                    DicomWriter.write(dir.resolve("slice" + k + ".dcm"), slice(k));
                }
                List<StackRef> stacks = StudyBrowserViewModel.stacksOf(
                        new StudyIndexer(Runnable::run).index(List.of(dir)));
                if (stacks.isEmpty()) {
                    throw new IOException("the warm-up series was not indexed");
                }
                Path written = dir;
                ui.execute(() -> open(stacks.get(0), background, render, ui,
                        rendered -> finish(written, background, () -> ui.execute(() -> done.accept(rendered)))));
            } catch (IOException | IndexCancelledException | RuntimeException e) {
                finish(dir, Runnable::run, () -> ui.execute(() -> done.accept(false)));
            }
        });
    }

    private static void open(StackRef stack, Executor background, Executor render, Executor ui,
                             Consumer<Boolean> cleanUp) {
        ViewportViewModel vp = new ViewportViewModel(new ViewportViewModel.Services(new FrameStore(8L << 20),
                background, render, ui, 1));
        AtomicBoolean finished = new AtomicBoolean();
        Runnable end = () -> {
            if (finished.compareAndSet(false, true)) {
                boolean rendered = vp.frameProperty().get() != null;
                if (rendered) {
                    FxImages.wrap(vp.frameProperty().get().image());
                    vp.cornerText(false);
                    vp.orientationLabels();
                }
                vp.close();
                cleanUp.accept(rendered);
            }
        };
        vp.frameProperty().addListener((o, a, f) -> {
            if (f != null) {
                end.run();
            }
        });
        vp.problemProperty().addListener((o, a, p) -> end.run());
        vp.open(stack, 0);
        if (vp.frameProperty().get() != null) {
            end.run();
        }
    }

    private static void finish(Path dir, Executor background, Runnable done) {
        background.execute(() -> {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException | RuntimeException e) {
                    // A leftover temporary folder of 17 KB is not worth bothering the reader about.
                }
            }
            done.run();
        });
    }

    /** An axial CT slice with the attributes the index, the sorter and the renderer use. */
    private static DataSet slice(int k) {
        byte[] pixels = new byte[SIZE * SIZE * 2];
        for (int i = 0; i < SIZE * SIZE; i++) {
            int v = 1024 + ((i % SIZE) * 31 + (i / SIZE) * 17 + k) % 200;
            pixels[2 * i] = (byte) v;
            pixels[2 * i + 1] = (byte) (v >> 8);
        }
        return new DataSet()
                .put(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
                .put(Tags.SOPInstanceUID, VR.UI, "2.25.1000" + k)
                .put(Tags.Modality, VR.CS, "CT")
                .put(Tags.PatientName, VR.PN, "WARMUP")
                .put(Tags.PatientID, VR.LO, "WARMUP")
                .put(Tags.StudyInstanceUID, VR.UI, "2.25.1001")
                .put(Tags.SeriesInstanceUID, VR.UI, "2.25.1002")
                .put(Tags.FrameOfReferenceUID, VR.UI, "2.25.1003")
                .put(Tags.SeriesDescription, VR.LO, "Warm-up")
                .put(Tags.SeriesNumber, VR.IS, "1")
                .put(Tags.InstanceNumber, VR.IS, Integer.toString(k))
                .putDecimal(Tags.ImagePositionPatient, 0, 0, 3 - k)
                .putDecimal(Tags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
                .putDecimal(Tags.PixelSpacing, 0.5, 0.5)
                .putDecimal(Tags.SliceThickness, 1)
                .putInt(Tags.SamplesPerPixel, VR.US, 1)
                .put(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putInt(Tags.Rows, VR.US, SIZE)
                .putInt(Tags.Columns, VR.US, SIZE)
                .putInt(Tags.BitsAllocated, VR.US, 16)
                .putInt(Tags.BitsStored, VR.US, 16)
                .putInt(Tags.HighBit, VR.US, 15)
                .putInt(Tags.PixelRepresentation, VR.US, 0)
                .putDecimal(Tags.RescaleIntercept, -1024)
                .putDecimal(Tags.RescaleSlope, 1)
                .putBytes(Tags.PixelData, VR.OW, pixels);
    }
}
