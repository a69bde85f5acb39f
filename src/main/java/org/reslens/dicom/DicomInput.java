package org.reslens.dicom;

import java.io.IOException;

/**
 * A cursor over a {@link ByteSource} with a read-ahead window, so that parsing a header costs one or two system
 * calls. Every read checks what remains first: a length that exceeds the bytes the source really has is reported as
 * TRUNCATED before anything is allocated.
 */
final class DicomInput {
    private static final int WINDOW = 16 * 1024;

    private final ByteSource source;
    private final long length;
    private byte[] buf;
    private long bufStart;
    private int bufLen;
    private long pos;
    private boolean bigEndian;

    DicomInput(ByteSource source) {
        this.source = source;
        this.length = source.length();
        if (source instanceof ByteSource.MemorySource m) {
            this.buf = m.array();
            this.bufLen = (int) length;
        } else {
            this.buf = new byte[(int) Math.min(WINDOW, Math.max(length, 16))];
        }
    }

    long position() {
        return pos;
    }

    void seek(long newPos) {
        pos = newPos;
    }

    long length() {
        return length;
    }

    long remaining() {
        return length - pos;
    }

    void bigEndian(boolean be) {
        this.bigEndian = be;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    /** Makes sure {@code n} bytes at the cursor are in the window; TRUNCATED when the source ends first. */
    private int ensure(int n, String what) throws DicomException {
        long rel = pos - bufStart;
        if (rel >= 0 && rel + n <= bufLen) {
            return (int) rel;
        }
        if (pos + n > length) {
            throw new DicomException(ErrorKind.TRUNCATED,
                    "file ends inside " + what + " (needs " + n + " bytes, " + Math.max(0, length - pos) + " remain)", pos);
        }
        if (n > buf.length) {
            buf = new byte[n];
        }
        try {
            bufStart = pos;
            bufLen = source.readSome(pos, buf, 0, (int) Math.min(buf.length, length - pos));
        } catch (IOException e) {
            throw new DicomException(ErrorKind.IO, "read failed: " + e.getMessage(), pos, e);
        }
        if (bufLen < n) {
            throw new DicomException(ErrorKind.TRUNCATED, "file ends inside " + what, pos);
        }
        return 0;
    }

    int u8(String what) throws DicomException {
        int i = ensure(1, what);
        pos++;
        return buf[i] & 0xFF;
    }

    int u16(String what) throws DicomException {
        int i = ensure(2, what);
        pos += 2;
        return bigEndian ? ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF) : (buf[i] & 0xFF) | ((buf[i + 1] & 0xFF) << 8);
    }

    int u16le(String what) throws DicomException {
        int i = ensure(2, what);
        pos += 2;
        return (buf[i] & 0xFF) | ((buf[i + 1] & 0xFF) << 8);
    }

    /** An unsigned 32-bit value as a long. */
    long u32(String what) throws DicomException {
        int i = ensure(4, what);
        pos += 4;
        int v = bigEndian
                ? ((buf[i] & 0xFF) << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8) | (buf[i + 3] & 0xFF)
                : (buf[i] & 0xFF) | ((buf[i + 1] & 0xFF) << 8) | ((buf[i + 2] & 0xFF) << 16) | ((buf[i + 3] & 0xFF) << 24);
        return v & 0xFFFFFFFFL;
    }

    /** A tag as (group << 16) | element, in the current byte order. */
    int tag(String what) throws DicomException {
        int g = u16(what);
        int e = u16(what);
        return (g << 16) | e;
    }

    /** Peeks at {@code n} bytes without moving; returns null when fewer remain. */
    byte[] peek(int n) throws DicomException {
        if (pos + n > length) {
            return null;
        }
        int i = ensure(n, "peek");
        byte[] out = new byte[n];
        System.arraycopy(buf, i, out, 0, n);
        return out;
    }

    byte[] bytes(long n, String what) throws DicomException {
        if (n > remaining()) {
            throw new DicomException(ErrorKind.TRUNCATED, what + " has length " + n + " but only " + remaining()
                    + " bytes remain in the file", pos);
        }
        int len = (int) n;
        byte[] out = new byte[len];
        long rel = pos - bufStart;
        if (rel >= 0 && rel + len <= bufLen) {
            System.arraycopy(buf, (int) rel, out, 0, len);
        } else if (len <= WINDOW) {
            int i = ensure(len, what);
            System.arraycopy(buf, i, out, 0, len);
        } else {
            try {
                source.readFully(pos, out, 0, len);
            } catch (IOException e) {
                throw new DicomException(ErrorKind.IO, "read failed: " + e.getMessage(), pos, e);
            }
        }
        pos += len;
        return out;
    }

    void skip(long n, String what) throws DicomException {
        if (n > remaining()) {
            throw new DicomException(ErrorKind.TRUNCATED, what + " has length " + n + " but only " + remaining()
                    + " bytes remain in the file", pos);
        }
        pos += n;
    }
}
