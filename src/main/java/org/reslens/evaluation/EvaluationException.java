package org.reslens.evaluation;

/**
 * The checked root exception of {@code org.reslens.evaluation}: a labelled list that cannot be used at all, or a lesion
 * mask that cannot be read. A problem with one row or one slice never aborts an evaluation: it becomes a
 * {@link SliceFailure}. {@link #getMessage()} is technical; {@link #userMessage()} is for people.
 */
public class EvaluationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The list file (or the folder's labels.csv) is missing or unreadable. */
        LIST_NOT_FOUND("The labelled list could not be found or read."),
        /** The list has no header, or lacks the file or label column. */
        INVALID_LIST("The labelled list is not in the expected form (a CSV with file and label columns)."),
        /** A lesion mask is missing, damaged, not an 8-bit-style grayscale PNG, or not the slice's size. */
        BAD_MASK("A lesion mask could not be used.");

        private final String userMessage;

        Reason(String userMessage) {
            this.userMessage = userMessage;
        }
    }

    private final Reason reason;

    public EvaluationException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public EvaluationException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String userMessage() {
        return reason.userMessage;
    }
}
