package org.reslens.dicom;

/** What went wrong with an input, as reported by {@code reslens info} and the batch. */
public enum ErrorKind {
    /** The bytes are not a DICOM data set at all. */
    NOT_DICOM,
    /** The file is DICOM but breaks the encoding rules (bad lengths, bad nesting, bad values). */
    MALFORMED,
    /** The file ends before the data it announces. */
    TRUNCATED,
    /** The transfer syntax (or a codestream feature within it) is not decoded by ResLens. */
    UNSUPPORTED_TRANSFER_SYNTAX,
    /** The file could not be read from storage. */
    IO
}
