package org.reslens.dicom.codec;

/**
 * A Huffman table of a lossless scan (T.81 H.1.2.2) prepared for one look-up per sample: indexed by the next
 * {@link #BITS} bits of the scan, an entry holds the decoded difference and the number of bits its code and
 * additional bits take, whenever both fit in those bits (nearly all samples of a real image). Anything longer,
 * and prefixes of no code, is left to {@link #decodeSlowly}.
 */
final class JpegLosslessTable {
    /**
     * 12 bits: a 16 KiB table that stays in the L1 cache and covers differences of up to ~8 bits; 10 and 13 bits
     * measured a little slower on a CT slice. At least {@link JpegHuffmanTable#LOOKAHEAD}, whose table it starts
     * from.
     */
    static final int BITS = 12;

    /** What {@link #decodeSlowly} returns where the bits start no code of the table. */
    static final long INVALID_CODE = -1;
    /** What {@link #decodeSlowly} returns for a code whose symbol is a difference category above 16. */
    static final long INVALID_CATEGORY = -2;

    /**
     * {@code (difference << 8) | bitsUsed}, or 0 where the entry cannot resolve the sample. bitsUsed is 1 to
     * {@link #BITS}; the difference is signed, from -32767 to 32768.
     */
    final int[] lookup = new int[1 << BITS];
    private final JpegHuffmanTable huffman;

    JpegLosslessTable(JpegHuffmanTable huffman) {
        this.huffman = huffman;
        for (int index = 0; index < lookup.length; index++) {
            lookup[index] = entry(index);
        }
    }

    private int entry(int index) {
        int codeLength = 0;
        int ssss = 0;
        int fast = huffman.fast[index >>> (BITS - JpegHuffmanTable.LOOKAHEAD)];
        if (fast != 0) {
            codeLength = fast >>> 8;
            ssss = fast & 0xFF;
        }
        for (int length = JpegHuffmanTable.LOOKAHEAD + 1; codeLength == 0 && length <= BITS; length++) {
            int code = index >>> (BITS - length);
            if (code <= huffman.maxCode[length]) {
                codeLength = length;
                ssss = huffman.symbols[code + huffman.symbolOffset[length]] & 0xFF;
            }
        }
        if (codeLength == 0 || ssss > 16) {
            return 0;
        }
        if (ssss == 16) {
            return (32768 << 8) | codeLength;
        }
        int used = codeLength + ssss;
        if (used > BITS) {
            return 0;
        }
        int extra = (index >>> (BITS - used)) & ((1 << ssss) - 1);
        return (extend(extra, ssss) << 8) | used;
    }

    /** T.81 F.2.2.1 EXTEND: additional bits starting with 0 stand for negative differences. */
    static int extend(int extra, int ssss) {
        return ssss == 0 || extra >= 1 << (ssss - 1) ? extra : extra - (1 << ssss) + 1;
    }

    /**
     * Decodes the sample whose code starts at the top bit of {@code bits} (at least 32 valid bits) the long way,
     * T.81 F.2.2.3.
     *
     * @return {@code (difference << 8) | bitsUsed}, or {@link #INVALID_CODE} or {@link #INVALID_CATEGORY} (whose
     *         low bytes, 255 and 254, no real sample uses)
     */
    long decodeSlowly(long bits) {
        for (int length = 1; length <= 16; length++) {
            int code = (int) (bits >>> (64 - length));
            if (code <= huffman.maxCode[length]) {
                int ssss = huffman.symbols[code + huffman.symbolOffset[length]] & 0xFF;
                if (ssss == 16) {
                    return (32768L << 8) | length;
                }
                if (ssss > 16) {
                    return INVALID_CATEGORY;
                }
                int extra = ssss == 0 ? 0 : (int) ((bits << length) >>> (64 - ssss));
                return ((long) extend(extra, ssss) << 8) | (length + ssss);
            }
        }
        return INVALID_CODE;
    }
}
