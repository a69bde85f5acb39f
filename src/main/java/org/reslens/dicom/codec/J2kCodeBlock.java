package org.reslens.dicom.codec;

/**
 * One code-block as the packets build it up: where it lies in its band, whether and with how many missing
 * bit-planes it has appeared, and its coded bytes split into the codeword segments that tier-1 decodes one by one.
 */
final class J2kCodeBlock {
    final int x0;
    final int y0;
    final int x1;
    final int y1;
    boolean included;
    int numbps;
    int lblock = 3;
    int passes;
    /** Coded bytes, with two spare bytes at the end for the decoder's end-of-segment marker. */
    byte[] data = EMPTY;
    int length;
    int[] segLen = new int[1];
    int[] segPasses = new int[1];
    int segCount;
    /** Bytes this code-block takes from the body of the packet being read. */
    int pending;

    private static final byte[] EMPTY = new byte[2];

    J2kCodeBlock(int x0, int y0, int x1, int y1) {
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
    }

    void append(byte[] src, int from, int n) {
        if (length + n + 2 > data.length) {
            data = java.util.Arrays.copyOf(data, Math.max(length + n + 2, data.length * 2));
        }
        System.arraycopy(src, from, data, length, n);
        length += n;
    }

    /** Opens a new codeword segment. */
    void newSegment() {
        if (segCount == segLen.length) {
            segLen = java.util.Arrays.copyOf(segLen, segCount * 2);
            segPasses = java.util.Arrays.copyOf(segPasses, segCount * 2);
        }
        segLen[segCount] = 0;
        segPasses[segCount] = 0;
        segCount++;
    }

    /** Passes the segment {@code index} may hold under code-block style {@code style} (D.4.1, Table D.9). */
    static int segmentCapacity(int index, int style) {
        if ((style & J2kBlockDecoder.STYLE_TERMALL) != 0) {
            return 1;
        }
        if ((style & J2kBlockDecoder.STYLE_BYPASS) != 0) {
            // ten arithmetic-coded passes, then raw significance + refinement and a coded cleanup, alternating
            return index == 0 ? 10 : (index & 1) == 1 ? 2 : 1;
        }
        return Integer.MAX_VALUE;
    }
}
