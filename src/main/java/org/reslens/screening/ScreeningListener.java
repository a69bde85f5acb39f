package org.reslens.screening;

import org.reslens.study.IndexListener;

/**
 * Hears how a run goes. Called from the run's threads, possibly concurrently; keep it short (a UI hands the values to
 * its own thread, the CLI prints). Identifiers in what it hears are already de-identified when the run is.
 */
public interface ScreeningListener {
    ScreeningListener NONE = new ScreeningListener() {
    };

    /** Indexing the inputs. */
    default void indexing(IndexListener.Progress progress) {
    }

    /** The plan: studies to screen, studies kept from an earlier run, slices to score. */
    default void planned(int studies, int resumed, long slices) {
    }

    /** Slices scored; called at most every few hundred milliseconds and once at the end. */
    default void progress(ScreeningProgress progress) {
    }

    /** A study's results are written. */
    default void studyDone(StudyResult result, ScreeningProgress progress) {
    }

    /** Something the user should know that does not stop the run (model warnings, runtime notes). */
    default void note(String message) {
    }
}
