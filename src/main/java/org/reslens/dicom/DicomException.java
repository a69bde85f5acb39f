package org.reslens.dicom;

import java.nio.file.Path;

/**
 * The checked root exception of {@code org.reslens.dicom}: a typed reason, the byte offset where it was found
 * (or -1) and the file it concerns (null while the parser does not know it yet).
 */
public class DicomException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final long offset;
    private final transient Path file;
    private final String detail;

    public DicomException(ErrorKind kind, String detail, long offset) {
        this(kind, detail, offset, null, null);
    }

    public DicomException(ErrorKind kind, String detail, long offset, Throwable cause) {
        this(kind, detail, offset, null, cause);
    }

    private DicomException(ErrorKind kind, String detail, long offset, Path file, Throwable cause) {
        super(compose(detail, offset, file), cause);
        this.kind = kind;
        this.detail = detail;
        this.offset = offset;
        this.file = file;
    }

    private static String compose(String detail, long offset, Path file) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        sb.append(detail);
        if (offset >= 0 && !detail.contains("offset")) {
            sb.append(" at offset ").append(offset);
        }
        return sb.toString();
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Byte offset in the file (or in the inflated stream for deflated files) where the problem lies; -1 if none. */
    public long offset() {
        return offset;
    }

    public Path file() {
        return file;
    }

    /** The message without the file name, for reports that already name the file. */
    public String detailMessage() {
        return compose(detail, offset, null);
    }

    /** A sentence for a radiologist: what happened, without byte offsets. */
    public String userMessage() {
        return switch (kind) {
            case NOT_DICOM -> "This file is not a DICOM image.";
            case MALFORMED -> "This DICOM file is damaged or was written incorrectly.";
            case TRUNCATED -> "This DICOM file is incomplete (it ends too early).";
            case UNSUPPORTED_TRANSFER_SYNTAX -> "This image uses a compression ResLens cannot decode.";
            case IO -> "The file could not be read.";
        };
    }

    /** The same error, naming the file. */
    public DicomException withFile(Path path) {
        if (path == null || path.equals(file)) {
            return this;
        }
        DicomException e = new DicomException(kind, detail, offset, path, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
