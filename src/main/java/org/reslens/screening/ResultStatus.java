package org.reslens.screening;

/** What happened to a study or series. */
public enum ResultStatus {
    /** At least one slice was scored (some may have failed: see the counts and errors.csv). */
    SCORED,
    /** Not given to the model, for a stated reason (modality or body part not accepted, localizer, no pixels). */
    SKIPPED,
    /** Given to the model but no slice could be scored (every slice failed to read or prepare). */
    FAILED
}
