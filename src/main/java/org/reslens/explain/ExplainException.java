package org.reslens.explain;

/**
 * The checked root exception of {@code org.reslens.explain}: a model whose head does not allow exact Grad-CAM, or a
 * request that cannot be explained. {@link #getMessage()} is technical; {@link #userMessage()} is for people.
 */
public class ExplainException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an explanation failed. */
    public enum Reason {
        /** The head is not global average pool -> linear, so one forward pass cannot give exact Grad-CAM. */
        UNSUPPORTED_HEAD("This AI model's design does not allow an exact heatmap; only its score is shown."),
        /** The prediction was made without the feature map. */
        NO_FEATURE_MAP("The heatmap could not be computed for this image."),
        /** The class asked for is not one of the model's. */
        INVALID_CLASS("The finding asked for is not one this AI model reports.");

        private final String userMessage;

        Reason(String userMessage) {
            this.userMessage = userMessage;
        }
    }

    private final Reason reason;

    public ExplainException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String userMessage() {
        return reason.userMessage;
    }
}
