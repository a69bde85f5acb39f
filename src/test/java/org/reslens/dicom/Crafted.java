package org.reslens.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds byte-exact DICOM streams for tests of structures that tools rarely write or never write on purpose (lying
 * lengths, deep nesting, undefined-length UN, Extended Offset Tables, hostile Rows/Columns), so they cannot come from
 * dcmtk. Little endian unless told otherwise. Records where every 32-bit length field sits (long explicit headers,
 * implicit headers, items), so a fuzz harness can make one of them lie afterwards. Shared by the reader's tests and
 * the fuzz harnesses in {@code org.reslens.fuzz}.
 */
public final class Crafted {
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    public static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    public static final String RLE = "1.2.840.10008.1.2.5";
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.90";

    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_END = 0xFFFEE00D;
    public static final int SEQUENCE_END = 0xFFFEE0DD;
    public static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> lengthFields = new ArrayList<>();
    private boolean bigEndian;

    /** Preamble, DICM and a File Meta Information group holding only the Transfer Syntax UID. */
    public static Crafted part10(String tsUid) {
        Crafted c = new Crafted();
        c.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] ts = even(tsUid.getBytes(StandardCharsets.US_ASCII), (byte) 0);
        c.explicit(0x00020010, "UI", ts);
        return c;
    }

    public static Crafted bare() {
        return new Crafted();
    }

    public Crafted bigEndian(boolean be) {
        this.bigEndian = be;
        return this;
    }

    public static byte[] even(byte[] b, byte pad) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] r = java.util.Arrays.copyOf(b, b.length + 1);
        r[b.length] = pad;
        return r;
    }

    public Crafted raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public Crafted u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    public Crafted u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16));
            u16((int) v);
        } else {
            u16((int) v);
            u16((int) (v >>> 16));
        }
        return this;
    }

    public Crafted tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    private Crafted length32(long length) {
        lengthFields.add(out.size());
        return u32(length);
    }

    /** Explicit VR element with a short or long header as the VR requires; any two letters, even no VR at all. */
    public Crafted explicit(int tag, String vr, byte[] value) {
        return explicitHeader(tag, vr, value.length).raw(value);
    }

    public Crafted explicit(int tag, VR vr, byte[] value) {
        return explicit(tag, vr.name(), value);
    }

    /** Text padded to even length with a space. */
    public Crafted explicitText(int tag, String vr, String text) {
        return explicit(tag, vr, even(text.getBytes(StandardCharsets.ISO_8859_1), (byte) ' '));
    }

    /** Text padded to even length as the VR wants it: UI with a NUL, the others with a space. */
    public Crafted text(int tag, VR vr, String value) {
        byte pad = vr == VR.UI ? 0 : (byte) ' ';
        return explicit(tag, vr, even(value.getBytes(StandardCharsets.ISO_8859_1), pad));
    }

    /** US values in the current byte order. */
    public Crafted explicitUs(int tag, int... values) {
        Crafted tmp = new Crafted().bigEndian(bigEndian);
        for (int v : values) {
            tmp.u16(v);
        }
        return explicit(tag, "US", tmp.bytes());
    }

    public Crafted us(int tag, int... values) {
        return explicitUs(tag, values);
    }

    /** Explicit header with a given length field but no value (for undefined lengths and lies). */
    public Crafted explicitHeader(int tag, String vr, long length) {
        tag(tag);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        VR v = VR.ofName(vr);
        if (v != null && v.hasLongHeader()) {
            return u16(0).length32(length);
        }
        return u16((int) length);
    }

    public Crafted explicitHeader(int tag, VR vr, long length) {
        return explicitHeader(tag, vr.name(), length);
    }

    public Crafted implicit(int tag, byte[] value) {
        return implicitHeader(tag, value.length).raw(value);
    }

    public Crafted implicitHeader(int tag, long length) {
        return tag(tag).length32(length);
    }

    public Crafted item(long length) {
        return tag(ITEM).length32(length);
    }

    public Crafted itemEnd() {
        return tag(ITEM_END).u32(0);
    }

    public Crafted sequenceEnd() {
        return tag(SEQUENCE_END).u32(0);
    }

    public int size() {
        return out.size();
    }

    /** Offsets of the 32-bit length fields written so far (long headers, implicit headers and items). */
    public List<Integer> lengthFields() {
        return lengthFields;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
