package org.reslens.inference;

/**
 * The checked root exception of {@code org.reslens.inference}: a model bundle that cannot be trusted or run, an image
 * the model does not accept, or a run that failed. {@link #getMessage()} is technical (for logs and the CLI's JSON);
 * {@link #userMessage()} is a sentence for a radiologist.
 */
public class InferenceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The bundle folder, its metadata.json or its ONNX file is missing or unreadable. */
        BUNDLE_NOT_FOUND("The AI model could not be found or read."),
        /** metadata.json does not follow the bundle schema (see docs/model-bundle.md). */
        INVALID_METADATA("The AI model's description (metadata.json) is invalid."),
        /** The ONNX file's SHA-256 differs from the one metadata.json declares. */
        HASH_MISMATCH("The AI model file has been changed or damaged (checksum mismatch); it will not be used."),
        /** The ONNX file is not a valid model, or ONNX Runtime cannot load it. */
        CORRUPT_MODEL("The AI model file is damaged or not an ONNX model."),
        /**
         * The ONNX file or metadata.json is larger, or its graph has more elements, than this Java heap can hold
         * safely; a hostile file gets the same answer as an honest one too big for the memory given to ResLens.
         */
        TOO_LARGE("The AI model is too large for the memory available to ResLens."),
        /** Inputs or outputs declared in metadata.json are absent from the graph or of another type or shape. */
        MODEL_MISMATCH("The AI model does not match its description (inputs or outputs differ)."),
        /** The image's modality or body part is not one the model was made for. */
        NOT_ACCEPTED("This AI model is not intended for this kind of image; no result is given."),
        /** A tensor handed to the session has the wrong shape. */
        INVALID_INPUT("The image could not be prepared in the form the AI model needs."),
        /** ONNX Runtime failed while running the model. */
        RUNTIME("The AI model failed while analysing the image."),
        /** The caller cancelled a batch. */
        CANCELLED("The analysis was cancelled.");

        private final String userMessage;

        Reason(String userMessage) {
            this.userMessage = userMessage;
        }
    }

    private final Reason reason;

    public InferenceException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public InferenceException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A sentence for a radiologist; the technical detail stays in {@link #getMessage()}. */
    public String userMessage() {
        return reason.userMessage;
    }
}
