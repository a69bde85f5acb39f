package org.reslens.dicom.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Reads the entropy-coded segments of a scan (T.81 F.2.2): removes the 0x00 stuffed after each 0xFF data byte,
 * stops in front of the first marker, and decodes Huffman symbols and the additional bits after them.
 *
 * <p>Once a marker or the end of the input is reached it feeds zero bits, so that look-ahead never fails; a
 * caller asks {@link #overran()} after each MCU whether any of those invented bits were actually consumed, which
 * valid data never does.
 */
final class JpegHuffmanReader {
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private final int end;
    private int pos;
    /** The valid bits are the low {@code bits} bits of {@code buffer}, the oldest one highest. */
    private long buffer;
    private int bits;
    /** How many of the buffered bits are zeros invented after a marker or the end of the input. */
    private int inventedBits;
    private boolean stopped;

    JpegHuffmanReader(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    /** The input position: at the marker that stopped the reader, or past the last byte read. */
    int position() {
        return pos;
    }

    /** Whether an MCU used bits beyond its entropy-coded segment: the data is truncated or cut by a marker. */
    boolean overran() {
        return bits < inventedBits;
    }

    /** True when the end of the input (and not a marker) ended the data. */
    boolean atEndOfInput() {
        return pos >= end || (pos == end - 1 && data[pos] == (byte) 0xFF);
    }

    /** Drops the buffered bits (the 1-bit padding before a restart marker) and lets reading go on after it. */
    void restart(int newPos) {
        pos = newPos;
        buffer = 0;
        bits = 0;
        inventedBits = 0;
        stopped = false;
    }

    private void fill() {
        if (!stopped && end - pos >= 8) {
            // Fast path: eight bytes at once when none is 0xFF, so neither stuffing nor a marker is among them.
            long word = (long) BIG_ENDIAN_LONG.get(data, pos);
            long inverted = ~word;
            if (((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) == 0) {
                int n = (64 - bits) >>> 3;
                buffer = n == 8 ? word : (buffer << (8 * n)) | (word >>> (64 - 8 * n));
                bits += 8 * n;
                pos += n;
                return;
            }
        }
        while (bits <= 56) {
            int b = 0;
            if (!stopped && pos < end) {
                b = data[pos] & 0xFF;
                if (b != 0xFF) {
                    pos++;
                } else if (pos + 1 < end && data[pos + 1] == 0) {
                    pos += 2;
                } else {
                    // A marker (or a lone 0xFF at the very end): the segment is over.
                    stopped = true;
                    b = 0;
                    inventedBits += 8;
                }
            } else {
                stopped = true;
                inventedBits += 8;
            }
            buffer = (buffer << 8) | b;
            bits += 8;
        }
    }

    /** Decodes one Huffman symbol (T.81 F.2.2.3). */
    int decode(JpegHuffmanTable table) throws DicomException {
        if (bits < 16) {
            fill();
        }
        int entry = table.fast[(int) (buffer >>> (bits - JpegHuffmanTable.LOOKAHEAD))
                & ((1 << JpegHuffmanTable.LOOKAHEAD) - 1)];
        if (entry != 0) {
            bits -= entry >>> 8;
            return entry & 0xFF;
        }
        for (int length = JpegHuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
            int code = (int) (buffer >>> (bits - length)) & ((1 << length) - 1);
            if (code <= table.maxCode[length]) {
                bits -= length;
                return table.symbols[code + table.symbolOffset[length]] & 0xFF;
            }
        }
        throw new DicomException(ErrorKind.MALFORMED, "invalid Huffman code in scan data", pos);
    }

    /** Reads {@code n} (1..16) additional bits and extends them to a signed value (T.81 F.2.2.1, EXTEND). */
    int receiveExtend(int n) {
        if (bits < n) {
            fill();
        }
        bits -= n;
        int v = (int) (buffer >>> bits) & ((1 << n) - 1);
        return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v;
    }
}
