package org.reslens.dicom;

import java.nio.ByteOrder;

/**
 * The transfer syntaxes ResLens reads (PS3.5 section 10 and Annex A). Each constant knows how its data set is encoded
 * and how its pixel data is stored; anything else is {@link #UNKNOWN} and its pixels are refused with
 * UNSUPPORTED_TRANSFER_SYNTAX rather than guessed at.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, ByteOrder.LITTLE_ENDIAN, false, Compression.NONE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, ByteOrder.LITTLE_ENDIAN, false, Compression.NONE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, ByteOrder.LITTLE_ENDIAN, true, Compression.NONE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, ByteOrder.BIG_ENDIAN, false, Compression.NONE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG_LS),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG_LS),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", true, ByteOrder.LITTLE_ENDIAN, false, Compression.JPEG_2000),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", true, ByteOrder.LITTLE_ENDIAN, false, Compression.RLE),
    /**
     * A UID ResLens does not know. Every transfer syntax defined after the first three encodes its data set as
     * explicit VR little endian, so headers are still read that way; pixel data is refused.
     */
    UNKNOWN("", true, ByteOrder.LITTLE_ENDIAN, false, Compression.UNSUPPORTED);

    /** How Pixel Data is stored. */
    public enum Compression {
        /** Native (uncompressed) pixel data. */
        NONE,
        JPEG,
        JPEG_LS,
        JPEG_2000,
        RLE,
        UNSUPPORTED;

        public boolean encapsulated() {
            return this != NONE;
        }
    }

    private final String uid;
    private final boolean explicitVr;
    private final ByteOrder byteOrder;
    private final boolean deflated;
    private final Compression compression;

    TransferSyntax(String uid, boolean explicitVr, ByteOrder byteOrder, boolean deflated, Compression compression) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.byteOrder = byteOrder;
        this.deflated = deflated;
        this.compression = compression;
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    public boolean bigEndian() {
        return byteOrder == ByteOrder.BIG_ENDIAN;
    }

    public boolean deflated() {
        return deflated;
    }

    public Compression compression() {
        return compression;
    }

    public boolean lossy() {
        return this == JPEG_BASELINE || this == JPEG_EXTENDED || this == JPEG_LS_NEAR_LOSSLESS || this == JPEG_2000;
    }

    /** The constant for a UID (trailing NUL/space padding ignored); {@link #UNKNOWN} when not one of ours. */
    public static TransferSyntax ofUid(String uid) {
        String u = uid == null ? "" : uid.strip();
        for (TransferSyntax ts : values()) {
            if (ts != UNKNOWN && ts.uid.equals(u)) {
                return ts;
            }
        }
        return UNKNOWN;
    }
}
