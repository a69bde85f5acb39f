package org.reslens.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds byte-exact DICOM streams for tests of structures that tools rarely write (lying lengths, deep nesting,
 * undefined-length UN, Extended Offset Tables). Little endian unless told otherwise.
 */
final class Crafted {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    static Crafted part10(String tsUid) {
        Crafted c = new Crafted();
        c.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] ts = even(tsUid.getBytes(StandardCharsets.US_ASCII), (byte) 0);
        c.explicit(0x00020010, "UI", ts);
        return c;
    }

    static Crafted bare() {
        return new Crafted();
    }

    Crafted bigEndian(boolean be) {
        this.bigEndian = be;
        return this;
    }

    static byte[] even(byte[] b, byte pad) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] r = java.util.Arrays.copyOf(b, b.length + 1);
        r[b.length] = pad;
        return r;
    }

    Crafted raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Crafted u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    Crafted u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16));
            u16((int) v);
        } else {
            u16((int) v);
            u16((int) (v >>> 16));
        }
        return this;
    }

    Crafted tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    /** Explicit VR element with a short or long header as the VR requires. */
    Crafted explicit(int tag, String vr, byte[] value) {
        tag(tag);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        VR v = VR.ofName(vr);
        if (v != null && v.hasLongHeader()) {
            u16(0).u32(value.length);
        } else {
            u16(value.length);
        }
        return raw(value);
    }

    Crafted explicitText(int tag, String vr, String text) {
        return explicit(tag, vr, even(text.getBytes(StandardCharsets.ISO_8859_1), (byte) ' '));
    }

    Crafted explicitUs(int tag, int... values) {
        Crafted tmp = new Crafted().bigEndian(bigEndian);
        for (int v : values) {
            tmp.u16(v);
        }
        return explicit(tag, "US", tmp.bytes());
    }

    /** Explicit header with a given length field but no value (for undefined lengths and lies). */
    Crafted explicitHeader(int tag, String vr, long length) {
        tag(tag);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        VR v = VR.ofName(vr);
        if (v != null && v.hasLongHeader()) {
            return u16(0).u32(length);
        }
        return u16((int) length);
    }

    Crafted implicit(int tag, byte[] value) {
        return tag(tag).u32(value.length).raw(value);
    }

    Crafted implicitHeader(int tag, long length) {
        return tag(tag).u32(length);
    }

    Crafted item(long length) {
        return tag(0xFFFEE000).u32(length);
    }

    Crafted itemEnd() {
        return tag(0xFFFEE00D).u32(0);
    }

    Crafted sequenceEnd() {
        return tag(0xFFFEE0DD).u32(0);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
