package org.reslens.screening;

/**
 * The checked root exception of {@code org.reslens.screening}: a run that could not start or could not finish. A
 * problem with one file, series or study is never this: it becomes a row of errors.csv.
 */
public class ScreeningException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a run failed. */
    public enum Reason {
        /** The output folder is unusable (inside an input, holding one, not empty, results from another setting). */
        INVALID_OUTPUT(true, "The output folder cannot be used for this run."),
        /** The model bundle could not be loaded or its session started. */
        MODEL(false, "The AI model could not be loaded."),
        /** Reading the inputs or writing the outputs failed as a whole. */
        IO(false, "Reading the inputs or writing the results failed."),
        /** The run was cancelled or interrupted. */
        CANCELLED(false, "The screening was cancelled.");

        private final boolean usage;
        private final String userMessage;

        Reason(boolean usage, String userMessage) {
            this.usage = usage;
            this.userMessage = userMessage;
        }
    }

    private final Reason reason;

    public ScreeningException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public ScreeningException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when the caller asked for something impossible (a command line would exit with its usage code). */
    public boolean isUsageError() {
        return reason.usage;
    }

    public String userMessage() {
        return reason.userMessage;
    }
}
