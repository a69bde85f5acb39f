package org.reslens.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.reslens.dicom.VR;

/**
 * A byte-exact DICOM writer for the fuzz harnesses: they build streams that no tool writes (lying lengths, nesting
 * past the parser's limit, hostile Rows/Columns), so they cannot come from dcmtk. Little endian unless told otherwise.
 * Records where every length field sits, so a harness can make one of them lie afterwards.
 */
final class DicomBytes {
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    static final String RLE = "1.2.840.10008.1.2.5";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.90";

    static final int ITEM = 0xFFFEE000;
    static final int ITEM_END = 0xFFFEE00D;
    static final int SEQUENCE_END = 0xFFFEE0DD;
    static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> lengthFields = new ArrayList<>();
    private boolean bigEndian;

    /** Preamble, DICM and a File Meta Information group holding only the Transfer Syntax UID. */
    static DicomBytes part10(String transferSyntaxUid) {
        DicomBytes d = new DicomBytes();
        d.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII));
        d.explicit(0x00020010, VR.UI, even(transferSyntaxUid.getBytes(StandardCharsets.US_ASCII), (byte) 0));
        return d;
    }

    static DicomBytes bare() {
        return new DicomBytes();
    }

    static byte[] even(byte[] b, byte pad) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] r = java.util.Arrays.copyOf(b, b.length + 1);
        r[b.length] = pad;
        return r;
    }

    DicomBytes bigEndian(boolean be) {
        this.bigEndian = be;
        return this;
    }

    DicomBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    DicomBytes u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    DicomBytes u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16));
            return u16((int) v);
        }
        u16((int) v);
        return u16((int) (v >>> 16));
    }

    DicomBytes tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    private DicomBytes length32(long length) {
        lengthFields.add(out.size());
        return u32(length);
    }

    /** Explicit VR header with the given length field (which may lie) and no value. */
    DicomBytes explicitHeader(int tag, VR vr, long length) {
        tag(tag);
        String name = vr.name();
        out.write(name.charAt(0));
        out.write(name.charAt(1));
        if (vr.hasLongHeader()) {
            return u16(0).length32(length);
        }
        return u16((int) length);
    }

    DicomBytes explicit(int tag, VR vr, byte[] value) {
        return explicitHeader(tag, vr, value.length).raw(value);
    }

    DicomBytes text(int tag, VR vr, String value) {
        byte pad = vr == VR.UI ? 0 : (byte) ' ';
        return explicit(tag, vr, even(value.getBytes(StandardCharsets.ISO_8859_1), pad));
    }

    /** US values in the current byte order. */
    DicomBytes us(int tag, int... values) {
        DicomBytes v = new DicomBytes().bigEndian(bigEndian);
        for (int x : values) {
            v.u16(x);
        }
        return explicit(tag, VR.US, v.bytes());
    }

    DicomBytes implicitHeader(int tag, long length) {
        return tag(tag).length32(length);
    }

    DicomBytes implicit(int tag, byte[] value) {
        return implicitHeader(tag, value.length).raw(value);
    }

    DicomBytes item(long length) {
        return tag(ITEM).length32(length);
    }

    DicomBytes itemEnd() {
        return tag(ITEM_END).u32(0);
    }

    DicomBytes sequenceEnd() {
        return tag(SEQUENCE_END).u32(0);
    }

    int size() {
        return out.size();
    }

    /** Offsets of the 32-bit length fields written so far (long headers, implicit headers and items). */
    List<Integer> lengthFields() {
        return lengthFields;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
