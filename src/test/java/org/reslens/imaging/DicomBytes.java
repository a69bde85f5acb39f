package org.reslens.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;

/**
 * Writes small explicit-VR little-endian Part 10 objects in memory, for tests of values no tool writes on purpose
 * (a 65536-entry LUT, a descriptor with two values, LUT data shorter than declared).
 */
final class DicomBytes {
    private record Element(int tag, String vr, byte[] value, List<DicomBytes> items) {
    }

    private final List<Element> elements = new ArrayList<>();

    static DicomBytes dataset() {
        return new DicomBytes();
    }

    DicomBytes text(int tag, String vr, String value) {
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length % 2 == 1) {
            b = java.util.Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        elements.add(new Element(tag, vr, b, null));
        return this;
    }

    DicomBytes us(int tag, int... values) {
        return words(tag, "US", values);
    }

    DicomBytes ss(int tag, int... values) {
        return words(tag, "SS", values);
    }

    DicomBytes ow(int tag, int... values) {
        return words(tag, "OW", values);
    }

    private DicomBytes words(int tag, String vr, int... values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >> 8);
        }
        elements.add(new Element(tag, vr, b, null));
        return this;
    }

    DicomBytes raw(int tag, String vr, byte[] value) {
        elements.add(new Element(tag, vr, value, null));
        return this;
    }

    DicomBytes sequence(int tag, DicomBytes... items) {
        elements.add(new Element(tag, "SQ", null, List.of(items)));
        return this;
    }

    /** A monochrome image header (Rows, Columns, Bits, Photometric) plus 16-bit pixel data of zeros. */
    DicomBytes image16(int rows, int columns, int bitsStored, boolean signed, String photometric) {
        text(0x00280004, "CS", photometric);
        us(0x00280002, 1).us(0x00280010, rows).us(0x00280011, columns).us(0x00280100, 16).us(0x00280101, bitsStored)
                .us(0x00280102, bitsStored - 1).us(0x00280103, signed ? 1 : 0);
        return raw(0x7FE00010, "OW", new byte[rows * columns * 2]);
    }

    private byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Element> sorted = new ArrayList<>(elements);
        sorted.sort(Comparator.comparingLong(e -> e.tag & 0xFFFFFFFFL));
        for (Element e : sorted) {
            byte[] value = e.value;
            if (e.items != null) {
                ByteArrayOutputStream seq = new ByteArrayOutputStream();
                for (DicomBytes item : e.items) {
                    byte[] body = item.encode();
                    u16(seq, 0xFFFE);
                    u16(seq, 0xE000);
                    u32(seq, body.length);
                    seq.writeBytes(body);
                }
                value = seq.toByteArray();
            }
            u16(out, e.tag >>> 16);
            u16(out, e.tag & 0xFFFF);
            out.writeBytes(e.vr.getBytes(StandardCharsets.US_ASCII));
            if (List.of("OB", "OW", "OF", "SQ", "UT", "UN", "OD", "OL").contains(e.vr)) {
                u16(out, 0);
                u32(out, value.length);
            } else {
                u16(out, value.length);
            }
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** The data set wrapped as a Part 10 file, parsed. */
    Attributes parse() throws DicomException {
        return file().dataset();
    }

    DicomFile file() throws DicomException {
        return DicomFile.parse(bytes(), "crafted.dcm");
    }

    /** Writes the Part 10 file, so that values over the header reader's in-memory limit can be read back. */
    DicomFile file(java.nio.file.Path dir) throws DicomException, java.io.IOException {
        java.nio.file.Path p = dir.resolve("crafted.dcm");
        java.nio.file.Files.write(p, bytes());
        return DicomFile.open(p);
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] ts = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        u16(out, 0x0002);
        u16(out, 0x0010);
        out.writeBytes("UI".getBytes(StandardCharsets.US_ASCII));
        u16(out, ts.length);
        out.writeBytes(ts);
        out.writeBytes(encode());
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }

    private static void u32(ByteArrayOutputStream o, long v) {
        u16(o, (int) (v & 0xFFFF));
        u16(o, (int) (v >>> 16));
    }
}
