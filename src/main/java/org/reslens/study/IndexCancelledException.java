package org.reslens.study;

/**
 * Indexing stopped because it was cancelled (or its thread interrupted) before it finished. A half-built index would
 * show series with invented gaps, so none is returned. The package's only checked exception: problems with inputs
 * are results ({@link IndexFailure}), not exceptions.
 */
public final class IndexCancelledException extends Exception {
    private static final long serialVersionUID = 1L;

    public IndexCancelledException(String message) {
        super(message);
    }
}
