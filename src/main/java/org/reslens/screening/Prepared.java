package org.reslens.screening;

import org.reslens.imaging.ModelInput;

/**
 * A slice read and preprocessed by a worker, waiting for the model; or the reason it could not be.
 *
 * @param input         the model input; null when the slice failed
 * @param prepareNanos  time the worker spent on it
 */
record Prepared(StackJob job, int index, ModelInput input, String sopClassUid, long prepareNanos, Failure failure) {
    /** Tells the inference thread that no more slices will come. */
    static final Prepared END = new Prepared(null, -1, null, null, 0, null);

    boolean ok() {
        return input != null;
    }
}
