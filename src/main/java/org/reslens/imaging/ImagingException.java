package org.reslens.imaging;

/**
 * The checked root exception of {@code org.reslens.imaging}: a preprocessing description that cannot be honoured, or
 * pixels a pipeline stage cannot take. Malformed DICOM values (a LUT that lies about its length) are reported as
 * {@link org.reslens.dicom.DicomException} instead, so that one file's damage reads the same everywhere.
 */
public class ImagingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The preprocessing description (JSON) is invalid. */
        INVALID_PREPROCESSING,
        /** The frame cannot go through this stage (e.g. a colour frame given to a grayscale model). */
        UNSUPPORTED_PIXELS
    }

    private final Reason reason;

    public ImagingException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public ImagingException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A sentence for a radiologist. */
    public String userMessage() {
        return switch (reason) {
            case INVALID_PREPROCESSING -> "The AI model's image preparation settings are invalid.";
            case UNSUPPORTED_PIXELS -> "This image cannot be prepared for the AI model.";
        };
    }
}
