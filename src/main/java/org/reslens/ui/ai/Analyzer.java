package org.reslens.ui.ai;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.reslens.ui.series.StackRef;

/** Runs a model over the slices of a stack, slice results as they come. Blocking; called on the AI executor. */
public interface Analyzer extends AutoCloseable {
    /** Hears results from the analysing thread. */
    interface Listener {
        void sliceDone(int index, SliceScore score);

        void sliceFailed(int index, String reason);
    }

    /**
     * @return notes for the reader (e.g. a body part that could not be checked)
     * @throws AnalysisException when the model cannot run on this stack at all (not accepted, cannot load, cancelled)
     */
    List<String> analyse(ModelEntry model, StackRef stack, Listener listener, BooleanSupplier cancelled)
            throws AnalysisException;

    /** Releases model sessions. */
    @Override
    void close();

    /** Why a stack could not be analysed, in words for the reader. */
    final class AnalysisException extends Exception {
        private final boolean cancelled;

        public AnalysisException(String userMessage, boolean cancelled) {
            super(userMessage);
            this.cancelled = cancelled;
        }

        public boolean cancelled() {
            return cancelled;
        }
    }
}
