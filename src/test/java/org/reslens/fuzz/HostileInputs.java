package org.reslens.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.VR;

/**
 * Crafted inputs of about 1 MB that attack memory and time rather than parsing logic: lengths that promise more than
 * the file holds, Rows/Columns and Number of Frames far beyond the data, a deflate bomb, nesting far past the limit,
 * and element counts that punish quadratic bookkeeping. Deterministic; built in well under a second.
 */
final class HostileInputs {
    static final int SIZE = 1 << 20;

    private HostileInputs() {
    }

    /** Name to bytes, in a stable order. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("lying-length-ob", lyingLength(VR.OB));
        m.put("lying-length-ut", lyingLength(VR.UT));
        m.put("lying-sequence-and-item-lengths", lyingSequence());
        m.put("lying-native-pixel-data-length", lyingPixelDataLength());
        m.put("rows-columns-65535-native", hugeNative());
        m.put("rows-columns-65535-rle", hugeRle());
        m.put("number-of-frames-2147483647-encapsulated", hugeFrameCount());
        m.put("basic-offset-table-262143-entries", hugeOffsetTable());
        m.put("131072-empty-fragments", manyFragments());
        m.put("jpeg-ls-sof-65535x65535-in-64x64", codestreamLargerThanHeader(Crafted.JPEG_LS, jpegLsHeader()));
        m.put("jpeg-sof-65535x65535-in-64x64", codestreamLargerThanHeader(Crafted.JPEG_BASELINE, jpegHeader()));
        m.put("j2k-siz-65535x65535-in-64x64", codestreamLargerThanHeader(Crafted.JPEG_2000, j2kHeader()));
        m.put("deflate-bomb-1100-mib", deflateBomb(1100));
        m.put("nesting-52428-levels", deepNesting());
        m.put("131072-elements-descending-tags", descendingElements());
        return m;
    }

    private static Crafted imageHeader(String ts, int rows, int columns, int spp, int bitsAllocated, String frames) {
        Crafted d = Crafted.part10(ts);
        d.us(0x00280002, spp);
        d.text(0x00280004, VR.CS, spp == 3 ? "RGB" : "MONOCHROME2");
        if (spp == 3) {
            d.us(0x00280006, 0);
        }
        d.text(0x00280008, VR.IS, frames);
        d.us(0x00280010, rows).us(0x00280011, columns);
        d.us(0x00280100, bitsAllocated).us(0x00280101, bitsAllocated).us(0x00280102, bitsAllocated - 1);
        d.us(0x00280103, 0);
        return d;
    }

    /** Fills up to {@link #SIZE} with a repeating, non-zero pattern. */
    private static byte[] padded(Crafted d) {
        byte[] head = d.bytes();
        byte[] out = Arrays.copyOf(head, Math.max(SIZE, head.length));
        for (int i = head.length; i < out.length; i++) {
            out[i] = (byte) (i * 31 + 7);
        }
        return out;
    }

    private static byte[] lyingLength(VR vr) {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        d.text(0x00100010, VR.PN, "HOSTILE^LENGTH");
        d.explicitHeader(0x00431029, vr, 0xFFFFFFF0L);
        return padded(d);
    }

    private static byte[] lyingSequence() {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        d.explicitHeader(0x00081140, VR.SQ, 0x7FFFFFF0L);
        d.item(0xFFFFFFF0L);
        d.text(0x00081150, VR.UI, "1.2.3");
        return padded(d);
    }

    private static byte[] lyingPixelDataLength() {
        Crafted d = imageHeader(Crafted.EXPLICIT_LE, 512, 512, 1, 16, "1");
        d.explicitHeader(0x7FE00010, VR.OW, 0xFFFFFFF0L);
        return padded(d);
    }

    /** 65535 x 65535 x 3 at 16 bits, 1000 frames, with 1 MB of data. */
    private static byte[] hugeNative() {
        Crafted d = imageHeader(Crafted.EXPLICIT_LE, 65535, 65535, 3, 16, "1000");
        int value = SIZE - d.size() - 12;
        d.explicitHeader(0x7FE00010, VR.OW, value & ~1);
        return padded(d);
    }

    /** RLE frame header with the 12 segments 65535 x 65535 x 3 at 32 bits needs, each a few bytes. */
    private static byte[] hugeRle() {
        Crafted d = imageHeader(Crafted.RLE, 65535, 65535, 3, 32, "1");
        d.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        d.item(0);
        int frameLength = (SIZE - d.size() - 16) & ~1;
        d.item(frameLength);
        byte[] frame = new byte[frameLength];
        frame[0] = 12;
        int segment = (frameLength - 64) / 12;
        for (int s = 0; s < 12; s++) {
            int start = 64 + s * segment;
            frame[4 + 4 * s] = (byte) start;
            frame[5 + 4 * s] = (byte) (start >>> 8);
            frame[6 + 4 * s] = (byte) (start >>> 16);
        }
        for (int i = 64; i < frame.length; i += 2) {
            frame[i] = (byte) -127; // replicate the next byte 128 times: the best PackBits can do
        }
        d.raw(frame).sequenceEnd();
        return d.bytes();
    }

    private static byte[] hugeFrameCount() {
        Crafted d = imageHeader(Crafted.JPEG_LS, 16, 16, 1, 8, "2147483647");
        d.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        d.item(0);
        while (d.size() < SIZE - 64) {
            d.item(8).raw(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xF7, 0, 11, 8, 0});
        }
        d.sequenceEnd();
        return d.bytes();
    }

    private static byte[] hugeOffsetTable() {
        Crafted d = imageHeader(Crafted.JPEG_LS, 16, 16, 1, 8, "262143");
        d.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        int entries = 262143;
        d.item(4L * entries);
        for (int i = 0; i < entries; i++) {
            d.u32(4L * i);
        }
        d.item(2).raw(new byte[] {(byte) 0xFF, (byte) 0xD8}).sequenceEnd();
        return d.bytes();
    }

    private static byte[] manyFragments() {
        Crafted d = imageHeader(Crafted.JPEG_LS, 16, 16, 1, 8, "1");
        d.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        d.item(0);
        while (d.size() < SIZE - 16) {
            d.item(0);
        }
        d.sequenceEnd();
        return d.bytes();
    }

    /** A 64 x 64 header whose codestream declares 65535 x 65535, followed by 1 MB of entropy-coded junk. */
    private static byte[] codestreamLargerThanHeader(String ts, byte[] codestreamHeader) {
        Crafted d = imageHeader(ts, 64, 64, 1, 8, "1");
        d.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        d.item(0);
        int length = (SIZE - d.size() - 16) & ~1;
        byte[] fragment = new byte[length];
        for (int i = 0; i < length; i++) {
            fragment[i] = (byte) (i * 131 + 17);
            if (fragment[i] == (byte) 0xFF) {
                fragment[i] = 0x7F; // no markers in the junk
            }
        }
        System.arraycopy(codestreamHeader, 0, fragment, 0, codestreamHeader.length);
        d.item(length).raw(fragment).sequenceEnd();
        return d.bytes();
    }

    private static byte[] jpegLsHeader() {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xF7, 0, 11, 8, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, 1, 1, 0x11, 0, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0, 0};
    }

    private static byte[] jpegHeader() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        // DQT: table 0, all ones
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 67, 0});
        for (int i = 0; i < 64; i++) {
            b.write(1);
        }
        // SOF0: 8 bits, 65535 x 65535, one component
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 1, 1, 0x11, 0});
        // DHT DC 0 and AC 0: one code of length 1, for symbol 0
        for (int tableClass : new int[] {0x00, 0x10}) {
            b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, (byte) tableClass, 1});
            b.writeBytes(new byte[15]);
            b.write(0);
        }
        // SOS
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0});
        return b.toByteArray();
    }

    private static byte[] j2kHeader() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 41, 0, 0});
        b.writeBytes(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF}); // Xsiz, Ysiz
        b.writeBytes(new byte[8]); // XOsiz, YOsiz
        b.writeBytes(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF}); // tile size
        b.writeBytes(new byte[8]); // tile offsets
        b.writeBytes(new byte[] {0, 1, 7, 1, 1}); // one component, 8 bits, no subsampling
        return b.toByteArray();
    }

    /**
     * Deflated explicit VR little endian whose data set inflates to {@code mebibytes} MiB: one compressed 1 MiB block
     * of zeros, made independent by a full flush, repeated, then a final empty block.
     */
    static byte[] deflateBomb(int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
            block.write(buf, 0, n);
        }
        deflater.end();
        Deflater last = new Deflater(Deflater.BEST_COMPRESSION, true);
        last.finish();
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        while (!last.finished()) {
            n = last.deflate(buf);
            end.write(buf, 0, n);
        }
        last.end();
        Crafted d = Crafted.part10(Crafted.DEFLATED);
        byte[] one = block.toByteArray();
        for (int i = 0; i < mebibytes; i++) {
            d.raw(one);
        }
        return d.raw(end.toByteArray()).bytes();
    }

    /** Undefined-length sequences in undefined-length items, as deep as 1 MB allows. */
    private static byte[] deepNesting() {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        while (d.size() < SIZE - 20) {
            d.explicitHeader(0x00081140, VR.SQ, Crafted.UNDEFINED);
            d.item(Crafted.UNDEFINED);
        }
        return d.bytes();
    }

    /** Short elements with tags in descending order: each insertion lands before everything read so far. */
    private static byte[] descendingElements() {
        Crafted d = Crafted.part10(Crafted.EXPLICIT_LE);
        int tag = 0x7FDFFFFE;
        while (d.size() < SIZE - 8) {
            d.explicitHeader(tag, VR.SH, 0);
            tag -= 2;
        }
        return d.bytes();
    }
}
