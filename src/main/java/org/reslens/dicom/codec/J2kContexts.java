package org.reslens.dicom.codec;

/**
 * The fixed tables of JPEG 2000 tier-1 decoding, laid out for {@link J2kBlockDecoder}'s inner loops: the MQ
 * coder's probability states (ISO 15444-1 Table C.2) and the context tables of Annex D (zero coding D.1, sign
 * coding D.3). Tables the loops index are sized to a power of two and indexed under a mask of that size, which
 * lets the JIT drop their bounds checks.
 */
final class J2kContexts {
    static final int CTX_MR = 14;
    static final int CTX_RL = 17;
    static final int CTX_UNI = 18;
    static final int NUM_CTX = 19;

    private static final int[] QE = {0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801,
        0x3801, 0x3001, 0x2401, 0x1C01, 0x1601, 0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801,
        0x2401, 0x2201, 0x1C01, 0x1801, 0x1601, 0x1401, 0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441,
        0x02A1, 0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025, 0x0015, 0x0009, 0x0005, 0x0001, 0x5601};

    /**
     * State transitions of the MQ coder between context words (see {@link #contextWord}): entry
     * {@code 2 * state + MPS} holds the word after a renormalisation that followed an MPS decision in its low half,
     * after an LPS decision in its high half. 128 entries, 94 used.
     */
    static final long[] NEXT = new long[128];

    static {
        int[] nmps = {1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
            27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46};
        int[] nlps = {1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46};
        for (int s = 0; s < 47; s++) {
            boolean switchMps = s == 0 || s == 6 || s == 14;
            for (int mps = 0; mps < 2; mps++) {
                long afterMps = contextWord(nmps[s], mps);
                long afterLps = contextWord(nlps[s], switchMps ? 1 - mps : mps);
                NEXT[2 * s + mps] = afterLps << 32 | afterMps;
            }
        }
    }

    /**
     * Zero-coding context (Table D.1) at {@code orientation << 9 | window} for the band orientations 0 LL, 1 HL,
     * 2 LH, 3 HH and the 3x3 significance window of the sample (bit {@code 3 * row + column}).
     */
    static final byte[] ZC = new byte[4 * 512];
    /**
     * Sign context (low 5 bits) and XOR bit (bit 5), Table D.3, indexed by significance of N, S, W, E (bits 0-3)
     * and their signs (bits 4-7).
     */
    static final byte[] SC = new byte[256];
    /** Bits 0, 3, 6, 9 set as bits 0-3 of the index are: four per-row flags spread to one bit per window row. */
    static final int[] SPREAD = new int[16];

    static {
        for (int win = 0; win < 512; win++) {
            int h = (win >> 3 & 1) + (win >> 5 & 1);
            int v = (win >> 1 & 1) + (win >> 7 & 1);
            int d = (win & 1) + (win >> 2 & 1) + (win >> 6 & 1) + (win >> 8 & 1);
            ZC[win] = (byte) zeroContext(h, v, d);
            ZC[2 * 512 + win] = ZC[win];
            ZC[512 + win] = (byte) zeroContext(v, h, d);
            ZC[3 * 512 + win] = (byte) diagonalContext(h + v, d);
        }
        for (int f = 0; f < 256; f++) {
            int hc = contribution(f, 2, 6) + contribution(f, 3, 7);
            int vc = contribution(f, 0, 4) + contribution(f, 1, 5);
            hc = Math.max(-1, Math.min(1, hc));
            vc = Math.max(-1, Math.min(1, vc));
            int ctx;
            int xor;
            if (hc == 0) {
                ctx = vc == 0 ? 9 : 10;
                xor = vc < 0 ? 1 : 0;
            } else {
                ctx = vc == 0 ? 12 : (vc == hc ? 13 : 11);
                xor = hc < 0 ? 1 : 0;
            }
            SC[f] = (byte) (ctx | xor << 5);
        }
        for (int v = 0; v < 16; v++) {
            SPREAD[v] = (v & 1) | (v & 2) << 2 | (v & 4) << 4 | (v & 8) << 6;
        }
    }

    private J2kContexts() {
    }

    /**
     * The word a context holds for MQ state {@code state} (0-46) and MPS {@code mps}: Qe in bits 0-15 and
     * {@code 2 * state + mps} from bit 16, so that one load gives a decision everything it reads.
     */
    static int contextWord(int state, int mps) {
        return QE[state] | (2 * state + mps) << 16;
    }

    /** The initial states of Table D.7: uniform context 46, run-length 3, zero-coding context 0 state 4. */
    static void reset(int[] contexts) {
        for (int i = 0; i < NUM_CTX; i++) {
            contexts[i] = contextWord(0, 0);
        }
        contexts[0] = contextWord(4, 0);
        contexts[CTX_RL] = contextWord(3, 0);
        contexts[CTX_UNI] = contextWord(46, 0);
    }

    private static int contribution(int f, int sigBit, int negBit) {
        if ((f & (1 << sigBit)) == 0) {
            return 0;
        }
        return (f & (1 << negBit)) != 0 ? -1 : 1;
    }

    private static int zeroContext(int h, int v, int d) {
        if (h == 2) {
            return 8;
        }
        if (h == 1) {
            return v >= 1 ? 7 : d >= 1 ? 6 : 5;
        }
        if (v == 2) {
            return 4;
        }
        if (v == 1) {
            return 3;
        }
        return d >= 2 ? 2 : d;
    }

    private static int diagonalContext(int hv, int d) {
        if (d >= 3) {
            return 8;
        }
        if (d == 2) {
            return hv >= 1 ? 7 : 6;
        }
        if (d == 1) {
            return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
        }
        return hv >= 2 ? 2 : hv;
    }
}
