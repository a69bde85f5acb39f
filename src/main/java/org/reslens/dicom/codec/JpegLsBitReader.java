package org.reslens.dicom.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The bit level of a JPEG-LS scan (ITU T.87 A.1 and A.5.3): entropy-coded bytes with a 0 bit stuffed after each
 * 0xFF, limited-length Golomb codes, the marker that ends the data and restart markers. The scan decoder extends
 * this class rather than holding one, so the per-sample loop reaches the bit buffer without an indirection.
 *
 * <p>Past the end of the data the buffer is padded with zero bits that are counted: a decoder that reads into them
 * has overrun the stream, which {@link #checkNotOverrun} reports as TRUNCATED.
 */
abstract class JpegLsBitReader {
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    final byte[] data;
    final int start;
    final int end;
    int pos;
    /** Index of the 0xFF that begins the marker ending the entropy-coded segment, or {@code end} until seen. */
    int dataEnd;
    /** Unread bits, most significant first; bits past {@link #bits} are zero. */
    long buf;
    int bits;
    /** Zero bits appended to {@link #buf} after {@link #dataEnd}; reading into them means the data was short. */
    int padBits;
    /** The previous entropy byte was 0xFF, so the next one carries only 7 bits. */
    boolean stuffed;
    /** qbpp: bits of an escaped mapped error value. */
    final int qbpp;
    /** RANGE: no valid mapped error value exceeds it. */
    final int maxMapped;

    JpegLsBitReader(byte[] data, int start, int pos, int end, int qbpp, int maxMapped) {
        this.data = data;
        this.start = start;
        this.pos = pos;
        this.end = end;
        this.dataEnd = end;
        this.qbpp = qbpp;
        this.maxMapped = maxMapped;
    }

    /** T.87 A.5.3: a mapped error value coded with Golomb parameter {@code k} and limit {@code glimit}. */
    final int decodeMappedError(int k, int glimit) throws DicomException {
        if (bits < 32) {
            fill();
        }
        int zeros = Long.numberOfLeadingZeros(buf);
        if ((zeros | k) < 16 && zeros < glimit - qbpp - 1) {
            int length = zeros + 1 + k;
            int mapped = (int) (buf >>> (64 - length)) + ((zeros - 1) << k);
            buf <<= length;
            bits -= length;
            return mapped;
        }
        return decodeMappedErrorSlow(k, glimit);
    }

    /** T.87 A.5.3 in full: long unary prefixes, the escape code of length {@code glimit}, large k. */
    final int decodeMappedErrorSlow(int k, int glimit) throws DicomException {
        int escape = glimit - qbpp - 1;
        int zeros = 0;
        while (true) {
            if (bits < 32) {
                fill();
            }
            int lz = Long.numberOfLeadingZeros(buf);
            if (lz < 32) {
                zeros += lz;
                buf <<= lz + 1;
                bits -= lz + 1;
                break;
            }
            zeros += 32;
            buf <<= 32;
            bits -= 32;
            if (zeros > escape) {
                break;
            }
        }
        if (zeros > escape) {
            throw corrupt("JPEG-LS Golomb code longer than LIMIT");
        }
        long mapped = zeros < escape ? ((long) zeros << k) | readBits(k) : readBits(qbpp) + 1L;
        if (mapped > maxMapped) {
            throw corrupt("JPEG-LS prediction error outside RANGE");
        }
        return (int) mapped;
    }

    final int readBit() {
        if (bits < 32) {
            fill();
        }
        int bit = (int) (buf >>> 63);
        buf <<= 1;
        bits--;
        return bit;
    }

    /** Reads {@code n} (0..31) bits. */
    final int readBits(int n) {
        if (n == 0) {
            return 0;
        }
        if (bits < 32) {
            fill();
        }
        int v = (int) (buf >>> (64 - n));
        buf <<= n;
        bits -= n;
        return v;
    }

    /**
     * Tops the buffer up to at least 32 bits. A 0xFF followed by a byte with its high bit set starts a marker and
     * ends the entropy-coded data; a 0xFF followed by anything else is data, and the next byte carries 7 bits
     * (T.87 A.1). Past the end, zeros are appended and counted so that {@link #checkNotOverrun} can tell.
     */
    final void fill() {
        int at = pos;
        if (!stuffed && bits < 32 && at + 4 <= dataEnd) {
            int v = (int) BIG_ENDIAN_INT.get(data, at);
            if (((~v - 0x01010101) & v & 0x80808080) == 0) {
                // No 0xFF among the next 4 bytes (the test finds bytes of ~v that are zero): no stuffing, no marker.
                buf |= (v & 0xFFFFFFFFL) << (32 - bits);
                bits += 32;
                pos = at + 4;
                return;
            }
        }
        while (bits <= 56) {
            int p = pos;
            if (p >= dataEnd) {
                bits += 8;
                padBits += 8;
                continue;
            }
            int b = data[p] & 0xFF;
            if (stuffed) {
                buf |= (long) b << (57 - bits);
                bits += 7;
                stuffed = false;
            } else if (b != 0xFF) {
                buf |= (long) b << (56 - bits);
                bits += 8;
            } else if (p + 1 < end && data[p + 1] >= 0) {
                buf |= 0xFFL << (56 - bits);
                bits += 8;
                stuffed = true;
            } else {
                dataEnd = p;
                continue;
            }
            pos = p + 1;
        }
    }

    /** Throws if the decoder has read bits that the codestream does not contain. */
    void checkNotOverrun() throws DicomException {
        if (bits < padBits) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG-LS scan data ends early", dataEnd - start);
        }
    }

    final DicomException corrupt(String detail) {
        if (bits < padBits) {
            return new DicomException(ErrorKind.TRUNCATED, "JPEG-LS scan data ends early", dataEnd - start);
        }
        return new DicomException(ErrorKind.MALFORMED, detail, pos - start);
    }

    /**
     * Where the marker after the entropy-coded data begins (its first 0xFF), or {@code end} when the input stops
     * first. Bits still buffered are the encoder's padding to a byte boundary and are dropped.
     */
    int markerPosition() {
        if (dataEnd < end) {
            return dataEnd;
        }
        for (int i = pos; i + 1 < end; i++) {
            if (data[i] == (byte) 0xFF && data[i + 1] < 0) {
                return i;
            }
        }
        return end;
    }

    /** Bytes of entropy-coded data not read by the decoder: padding, or a sign that the stream was misread. */
    int unconsumedBytes() {
        return Math.max(0, bits - padBits) / 8 + (markerPosition() - pos);
    }

    /** Consumes the RSTm marker expected after a restart interval and restarts the bit reader behind it. */
    void skipRestartMarker(int expected) throws DicomException {
        int p = markerPosition();
        while (p < end && data[p] == (byte) 0xFF) {
            p++;
        }
        if (p >= end) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG-LS scan ends before restart marker", p - start);
        }
        int code = data[p] & 0xFF;
        if (code != 0xD0 + (expected & 7)) {
            throw new DicomException(ErrorKind.MALFORMED, String.format(
                    "expected JPEG-LS restart marker RST%d, found 0xFF%02X", expected & 7, code), p - start);
        }
        pos = p + 1;
        dataEnd = end;
        buf = 0;
        bits = 0;
        padBits = 0;
        stuffed = false;
    }
}
