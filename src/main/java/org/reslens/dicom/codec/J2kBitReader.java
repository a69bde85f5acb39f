package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;

/**
 * Packet-header bits (ISO 15444-1 B.10.1): most significant first, and after a 0xFF byte the next byte carries
 * only seven bits so that no marker can appear. Reading past the end is a truncated codestream, never a default.
 */
final class J2kBitReader {
    private byte[] data;
    private int pos;
    private int end;
    private int buf;
    private int ct;
    /** Offset of {@code data[0]} in the caller's buffer, for error messages. */
    private long base;

    void reset(byte[] d, int start, int limit, long baseOffset) {
        data = d;
        pos = start;
        end = limit;
        buf = 0;
        ct = 0;
        base = baseOffset;
    }

    int position() {
        return pos;
    }

    long offset() {
        return base + pos;
    }

    void seek(int p) {
        pos = p;
        buf = 0;
        ct = 0;
    }

    int bit() throws DicomException {
        if (ct == 0) {
            if (pos >= end) {
                throw J2kDecoder.truncated("packet header runs past the end of its data", base + pos);
            }
            buf = ((buf << 8) & 0xFFFF) | (data[pos++] & 0xFF);
            ct = (buf & 0xFF00) == 0xFF00 ? 7 : 8;
        }
        ct--;
        return (buf >> ct) & 1;
    }

    int bits(int n) throws DicomException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    /** Ends the header on a byte boundary; a final 0xFF byte is followed by a stuffed byte that belongs to it. */
    void align() throws DicomException {
        if ((buf & 0xFF) == 0xFF) {
            if (pos >= end) {
                throw J2kDecoder.truncated("packet header runs past the end of its data", base + pos);
            }
            pos++;
        }
        ct = 0;
        buf = 0;
    }
}
