package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * One Huffman table of a DHT segment (T.81 B.2.4.2) in the canonical form of T.81 Annex C, prepared for decoding:
 * codes up to {@link #LOOKAHEAD} bits resolve with one table look-up (almost all codes of real images), longer ones
 * by the per-length comparison of T.81 F.2.2.3.
 */
final class JpegHuffmanTable {
    static final int LOOKAHEAD = 9;

    /** Indexed by the next LOOKAHEAD bits: {@code (codeLength << 8) | symbol}, or 0 when the code is longer. */
    final int[] fast = new int[1 << LOOKAHEAD];
    /** Largest code of each length 1..16, -1 where the length has no code. */
    final int[] maxCode = new int[17];
    /** Added to a code of a length to get the index of its symbol. */
    final int[] symbolOffset = new int[17];
    final byte[] symbols;

    private JpegHuffmanTable(byte[] symbols) {
        this.symbols = symbols;
    }

    /**
     * @param counts  counts[l] codes of length l, for l in 1..16 (index 0 unused)
     * @param symbols the symbols in order of increasing code length
     */
    static JpegHuffmanTable build(int[] counts, byte[] symbols, long offset) throws DicomException {
        JpegHuffmanTable t = new JpegHuffmanTable(symbols);
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++) {
            int n = counts[length];
            t.symbolOffset[length] = k - code;
            if (n == 0) {
                t.maxCode[length] = -1;
            } else {
                // A length whose codes do not fit in its bits means the counts describe no prefix code.
                if (code + n > (1 << length)) {
                    throw new DicomException(ErrorKind.MALFORMED, "Huffman table code lengths overflow", offset);
                }
                for (int i = 0; i < n; i++, k++, code++) {
                    if (length <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - length;
                        int entry = (length << 8) | (symbols[k] & 0xFF);
                        int first = code << shift;
                        for (int j = 0; j < 1 << shift; j++) {
                            t.fast[first + j] = entry;
                        }
                    }
                }
                t.maxCode[length] = code - 1;
            }
            code <<= 1;
        }
        return t;
    }
}
