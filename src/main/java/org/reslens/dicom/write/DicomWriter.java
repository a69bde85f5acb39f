package org.reslens.dicom.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/**
 * Encodes a {@link DataSet} as a DICOM Part 10 file in Explicit VR Little Endian (PS3.10 7.1, PS3.5 7.1.2): 128-byte
 * zero preamble, "DICM", File Meta Information built from the data set's SOP Class and Instance UIDs, then the data
 * set. Sequences and items are written with defined lengths. When text that the Specific Character Set governs is
 * not ASCII, (0008,0005) "ISO_IR 192" (UTF-8) is added unless the data set already names it.
 */
public final class DicomWriter {
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    /** ResLens's Implementation Class UID: a fixed UUID-derived UID (PS3.5 B.2). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.302875136874163425283426795093254180357";
    public static final String IMPLEMENTATION_VERSION_NAME = "RESLENS_1";
    private static final String UTF8 = "ISO_IR 192";

    private DicomWriter() {
    }

    /** The whole Part 10 file. */
    public static byte[] encode(DataSet ds) {
        String sopClass = ds.getString(Tags.SOPClassUID);
        String sopInstance = ds.getString(Tags.SOPInstanceUID);
        if (sopClass == null || sopClass.isEmpty() || sopInstance == null || sopInstance.isEmpty()) {
            throw new IllegalArgumentException("SOP Class UID and SOP Instance UID are required to write a file");
        }
        boolean unicode = ds.needsUnicode();
        String charset = ds.getString(Tags.SpecificCharacterSet);
        if (unicode && charset != null && !charset.equals(UTF8)) {
            throw new IllegalArgumentException("text is not ASCII but Specific Character Set is '" + charset
                    + "'; ResLens writes non-ASCII text as " + UTF8);
        }
        Buffer body = new Buffer(1024);
        boolean charsetWritten = false;
        for (DataSet.Element e : ds.elements()) {
            if (unicode && charset == null && !charsetWritten && Integer.compareUnsigned(e.tag(),
                    Tags.SpecificCharacterSet) > 0) {
                writeElement(body, new DataSet.Element(Tags.SpecificCharacterSet, VR.CS, new String[] {UTF8}));
                charsetWritten = true;
            }
            writeElement(body, e);
        }
        if (unicode && charset == null && !charsetWritten) {
            writeElement(body, new DataSet.Element(Tags.SpecificCharacterSet, VR.CS, new String[] {UTF8}));
        }

        Buffer meta = new Buffer(256);
        writeElement(meta, new DataSet.Element(Tags.FileMetaInformationVersion, VR.OB, new byte[] {0, 1}));
        writeElement(meta, text(Tags.MediaStorageSOPClassUID, VR.UI, sopClass));
        writeElement(meta, text(Tags.MediaStorageSOPInstanceUID, VR.UI, sopInstance));
        writeElement(meta, text(0x00020010, VR.UI, EXPLICIT_VR_LITTLE_ENDIAN)); // Transfer Syntax UID
        writeElement(meta, text(0x00020012, VR.UI, IMPLEMENTATION_CLASS_UID)); // Implementation Class UID
        writeElement(meta, text(0x00020013, VR.SH, IMPLEMENTATION_VERSION_NAME)); // Implementation Version Name

        Buffer file = new Buffer(132 + 12 + meta.size() + body.size());
        file.write(new byte[128], 0, 128);
        file.write("DICM".getBytes(StandardCharsets.US_ASCII), 0, 4);
        writeElement(file, new DataSet.Element(Tags.FileMetaInformationGroupLength, VR.UL,
                new long[] {meta.size()}));
        meta.writeTo(file);
        body.writeTo(file);
        return file.toByteArray();
    }

    /** Writes the file atomically (temporary file, then rename). */
    public static void write(Path file, DataSet ds) throws IOException {
        AtomicFiles.write(file, encode(ds));
    }

    private static DataSet.Element text(int tag, VR vr, String value) {
        return new DataSet.Element(tag, vr, new String[] {value});
    }

    private static void writeElement(Buffer out, DataSet.Element e) {
        byte[] value = valueBytes(e);
        out.u16(e.tag() >>> 16);
        out.u16(e.tag() & 0xFFFF);
        String vr = e.vr().name();
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (e.vr().hasLongHeader()) {
            out.u16(0);
            out.u32(value.length);
        } else {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException(Tags.tagString(e.tag()) + ": value of " + value.length
                        + " bytes does not fit " + vr);
            }
            out.u16(value.length);
        }
        out.write(value, 0, value.length);
    }

    /** The value's bytes, padded to even length as the VR asks (UI with NUL, other text with space, binary with 0). */
    private static byte[] valueBytes(DataSet.Element e) {
        Object v = e.value();
        VR vr = e.vr();
        if (v instanceof String[] s) {
            byte[] b = String.join("\\", s).getBytes(StandardCharsets.UTF_8);
            return pad(b, vr == VR.UI ? (byte) 0 : (byte) ' ');
        }
        if (v instanceof byte[] b) {
            return pad(b, (byte) 0);
        }
        if (v instanceof long[] n) {
            int size = vr == VR.US || vr == VR.SS ? 2 : 4;
            Buffer b = new Buffer(n.length * size);
            for (long x : n) {
                if (size == 2) {
                    b.u16((int) x);
                } else {
                    b.u32(x);
                }
            }
            return b.toByteArray();
        }
        if (v instanceof double[] d) {
            Buffer b = new Buffer(d.length * 8);
            for (double x : d) {
                if (vr == VR.FL) {
                    b.u32(Float.floatToIntBits((float) x) & 0xFFFFFFFFL);
                } else {
                    long bits = Double.doubleToLongBits(x);
                    b.u32(bits & 0xFFFFFFFFL);
                    b.u32(bits >>> 32);
                }
            }
            return b.toByteArray();
        }
        if (v instanceof List<?> items) {
            Buffer b = new Buffer(256);
            for (Object o : items) {
                Buffer item = new Buffer(256);
                for (DataSet.Element child : ((DataSet) o).elements()) {
                    writeElement(item, child);
                }
                b.u16(0xFFFE);
                b.u16(0xE000);
                b.u32(item.size());
                item.writeTo(b);
            }
            return b.toByteArray();
        }
        throw new IllegalStateException("unexpected value " + v.getClass());
    }

    private static byte[] pad(byte[] b, byte with) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        out[b.length] = with;
        return out;
    }

    /** A growable little-endian byte buffer. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        void u16(int v) {
            write(v & 0xFF);
            write((v >>> 8) & 0xFF);
        }

        void u32(long v) {
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("value length " + v + " does not fit 32 bits");
            }
            write((int) (v & 0xFF));
            write((int) ((v >>> 8) & 0xFF));
            write((int) ((v >>> 16) & 0xFF));
            write((int) ((v >>> 24) & 0xFF));
        }

        void writeTo(Buffer other) {
            other.write(buf, 0, count);
        }
    }
}
