package org.reslens.evaluation;

/** Progress of an evaluation, called on the evaluating thread after each batch. */
@FunctionalInterface
public interface EvaluationListener {
    EvaluationListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} list rows are finished (evaluated or failed). */
    void progress(int done, int total);
}
