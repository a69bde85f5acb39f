package org.reslens.ui.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import javafx.beans.InvalidationListener;
import org.reslens.study.CancellationToken;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.IndexListener;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.browser.StudyBrowserViewModel;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * The first slice of an open, on screen before the index: one file of the inputs (the middle file of the first
 * folder, see {@link PreviewCandidates}) read on its own and shown as a one-slice stack, which the full series replaces
 * in place when the index is complete.
 *
 * <p>The index waits for it ({@link #awaitShown}): on two cores the index's threads would otherwise take the CPU from
 * the one file the reader is waiting for. Once the slice shows (usually within 0.1 s), or as soon as it is clear that
 * there will be none, the index starts; a slow or broken file holds it back for {@link #HEAD_START_MS} at most.
 *
 * <p>{@link #show} runs on a background thread; everything else on the UI thread.
 */
final class OpeningPreview {
    static final long HEAD_START_MS = 1000;
    /** Reads one file on the calling thread; holds no threads of its own. */
    private static final StudyIndexer INDEXER = new StudyIndexer(Runnable::run);

    private final List<ViewportViewModel> viewports;
    private final Executor ui;
    private String sop;
    private int viewport = -1;
    /** The latch of the latest open: a preview of an older open that arrives late is not shown. */
    private CountDownLatch current;

    OpeningPreview(List<ViewportViewModel> viewports, Executor ui) {
        this.viewports = viewports;
        this.ui = ui;
    }

    /**
     * A new open begins: forgets the previous preview. UI thread.
     *
     * @return counted down once this open's preview is on screen, or once it is clear there will be none
     */
    CountDownLatch reset() {
        sop = null;
        viewport = -1;
        current = new CountDownLatch(1);
        return current;
    }

    /**
     * Reads candidates until one gives an image and shows it in the viewport {@code target} names, if
     * {@code wanted} still holds on the UI thread by then. Background thread.
     */
    void show(List<Path> inputs, CancellationToken t, CountDownLatch latch, BooleanSupplier wanted,
              IntSupplier target) {
        for (Path candidate : PreviewCandidates.of(inputs)) {
            if (t.isCancelled()) {
                break;
            }
            StudyIndex one;
            try {
                // On this thread, not the shared index pool, where it would queue behind the whole folder.
                one = INDEXER.index(List.of(candidate), IndexListener.NONE, t);
            } catch (IndexCancelledException e) {
                break;
            }
            List<StackRef> stacks = StudyBrowserViewModel.stacksOf(one);
            if (!stacks.isEmpty()) {
                StackRef s = stacks.get(0);
                ui.execute(() -> {
                    if (latch == current && wanted.getAsBoolean() && s.slice(0).sopInstanceUid() != null) {
                        viewport = target.getAsInt();
                        sop = s.slice(0).sopInstanceUid();
                        ViewportViewModel v = viewports.get(viewport);
                        v.open(s, 0);
                        countDownWhenShown(v, latch);
                    } else {
                        latch.countDown();
                    }
                });
                return;
            }
        }
        latch.countDown();
    }

    /** Waits (on the index's thread) until the preview is on screen or will not be, at most {@link #HEAD_START_MS}. */
    static void awaitShown(CountDownLatch latch) {
        try {
            latch.await(HEAD_START_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code v} shows the preview (not worth a model run: the full series follows in a moment). */
    boolean shows(ViewportViewModel v) {
        return sop != null && viewport >= 0 && v == viewports.get(viewport);
    }

    /**
     * The full series in place of the preview, at the previewed slice; false when there was no preview (a preview
     * not among {@code added} is closed).
     */
    boolean replace(List<StackRef> added) {
        String previewed = sop;
        int where = viewport;
        sop = null;
        viewport = -1;
        if (previewed == null || where < 0) {
            return false;
        }
        for (StackRef s : added) {
            for (int i = 0; i < s.size(); i++) {
                if (previewed.equals(s.slice(i).sopInstanceUid())) {
                    viewports.get(where).replace(s, i);
                    return true;
                }
            }
        }
        viewports.get(where).close();
        return false;
    }

    private static void countDownWhenShown(ViewportViewModel v, CountDownLatch latch) {
        if (v.frameProperty().get() != null || !v.problemProperty().get().isEmpty()) {
            latch.countDown();
            return;
        }
        InvalidationListener[] listener = new InvalidationListener[1];
        listener[0] = o -> {
            latch.countDown();
            v.frameProperty().removeListener(listener[0]);
            v.problemProperty().removeListener(listener[0]);
            v.stackProperty().removeListener(listener[0]);
        };
        v.frameProperty().addListener(listener[0]);
        v.problemProperty().addListener(listener[0]);
        v.stackProperty().addListener(listener[0]);
    }
}
