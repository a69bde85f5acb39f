package org.reslens.dicom.codec;

/**
 * Tier-1 of JPEG 2000 (ISO 15444-1 Annex D): the three coding passes of one code-block over the MQ arithmetic
 * decoder of Annex C, or over raw bits in the bypass passes. One instance per thread: it owns its scratch arrays.
 *
 * <p>State is kept per column of a stripe (four rows) in one int, so that one load answers "is there anything to
 * code here" for four samples. Bits 0-17 hold the significance of a 3-column by 6-row window (the column, its
 * left and right neighbours, rows -1 to 4 of the stripe; bit {@code 3 * j + c} for window row j, column c), bits
 * 18-23 the signs of the column's own window rows, bits 24-27 "refined before" and 28-31 "visited in this
 * bit-plane" for rows 0-3. A sample in row r reads its 3x3 neighbourhood as {@code (word >>> 3r) & 0x1FF}.
 *
 * <p>Magnitudes are kept scaled by two with the midpoint of the still unknown interval already added, so that a
 * block whose passes stop early reconstructs at the middle of its bin (the usual choice, and OpenJPEG's): the caller
 * halves for reversible bands and multiplies by half the step for irreversible ones.
 */
final class J2kBlockDecoder {
    private static final int SELF = 1 << 4; // window bit of the sample itself, relative to its row shift
    private static final int NEIGHBOURS = 0x1FF & ~SELF;
    private static final int SIGMA_ALL = (1 << 18) - 1;
    private static final int CHI = 18;
    private static final int MU = 24;
    private static final int PI = 28;
    private static final int PI_ALL = 0xF << PI;
    /** What vertically causal mode hides from a stripe's last row: window row 5, the stripe below. */
    private static final int BELOW = (7 << 15) | (1 << (CHI + 5));

    private static final int CTX_MR = 14;
    private static final int CTX_RL = 17;
    private static final int CTX_UNI = 18;
    private static final int NUM_CTX = 19;
    private static final int QE_AT = 32;
    private static final int TRANSITION_AT = QE_AT + 94;
    private static final int MQ_SIZE = TRANSITION_AT + 188;

    static final int STYLE_BYPASS = 1;
    static final int STYLE_RESET = 2;
    static final int STYLE_TERMALL = 4;
    static final int STYLE_VSC = 8;
    static final int STYLE_SEGSYM = 32;

    // MQ probability states (Table C.2), index = 2 * state + MPS
    private static final int[] QE = new int[94];
    /** The state after a renormalisation: index 2 * state for an MPS decision, 2 * state + 1 for an LPS one. */
    private static final int[] TRANSITION = new int[188];

    static {
        int[] qe = {0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001, 0x2401,
            0x1C01, 0x1601, 0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401, 0x2201, 0x1C01,
            0x1801, 0x1601, 0x1401, 0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1, 0x0221, 0x0141,
            0x0111, 0x0085, 0x0049, 0x0025, 0x0015, 0x0009, 0x0005, 0x0001, 0x5601};
        int[] nmps = {1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
            27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46};
        int[] nlps = {1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46};
        for (int s = 0; s < 47; s++) {
            boolean sw = s == 0 || s == 6 || s == 14;
            for (int mps = 0; mps < 2; mps++) {
                QE[2 * s + mps] = qe[s];
                TRANSITION[4 * s + 2 * mps] = 2 * nmps[s] + mps;
                TRANSITION[4 * s + 2 * mps + 1] = 2 * nlps[s] + (sw ? 1 - mps : mps);
            }
        }
    }

    /** Zero-coding context (Table D.1) by band orientation (0 LL, 1 HL, 2 LH, 3 HH) and 3x3 window. */
    private static final byte[][] ZC = new byte[4][512];
    /**
     * Sign context (low 5 bits) and XOR bit (bit 5), Table D.3, indexed by significance of N, S, W, E (bits 0-3)
     * and their signs (bits 4-7).
     */
    private static final byte[] SC = new byte[256];

    static {
        for (int win = 0; win < 512; win++) {
            int h = (win >> 3 & 1) + (win >> 5 & 1);
            int v = (win >> 1 & 1) + (win >> 7 & 1);
            int d = (win & 1) + (win >> 2 & 1) + (win >> 6 & 1) + (win >> 8 & 1);
            ZC[0][win] = (byte) zeroContext(h, v, d);
            ZC[2][win] = ZC[0][win];
            ZC[1][win] = (byte) zeroContext(v, h, d);
            ZC[3][win] = (byte) diagonalContext(h + v, d);
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

    /** Column words, one per stripe and column, with a padding column each side and a padding stripe each end. */
    private int[] cols = new int[0];
    /**
     * The context states, then this decoder's copies of the Qe and state-transition tables: everything one MQ
     * decision reads or writes besides the registers, in a few adjacent cache lines.
     */
    private final int[] mq = new int[MQ_SIZE];
    private int w;
    private int h;
    private int cs; // column-word stride: w + 2
    private int[] out;

    // input position of both decoders, the MQ registers A, C, CT (C and CT double as the raw bit buffer)
    private byte[] buf;
    private int bp;
    private int a;
    private int c;
    private int ct;

    J2kBlockDecoder() {
        System.arraycopy(QE, 0, mq, QE_AT, QE.length);
        System.arraycopy(TRANSITION, 0, mq, TRANSITION_AT, TRANSITION.length);
    }

    /**
     * Decodes the coding passes of a {@code w x h} block into {@code out} (length at least w*h, row stride w),
     * starting at bit-plane {@code numbps - 1}. {@code data} holds the segments back to back and has two spare
     * bytes after their total; {@code segPasses[i]} passes use segment {@code i}.
     */
    void decode(int width, int height, int[] dest, int orientation, int style, int numbps, byte[] data,
                int[] segLen, int[] segPasses, int segCount) {
        this.w = width;
        this.h = height;
        this.out = dest;
        java.util.Arrays.fill(dest, 0, w * h, 0);
        cs = w + 2;
        int size = cs * (((h + 3) >> 2) + 2);
        if (cols.length < size) {
            cols = new int[size];
        } else {
            java.util.Arrays.fill(cols, 0, size, 0);
        }
        resetContexts();
        byte[] zc = ZC[orientation];
        boolean vsc = (style & STYLE_VSC) != 0;
        int passType = 2; // the first pass is a cleanup pass
        int bitplane = numbps - 1;
        int segStart = 0;
        int pass = 0;
        for (int s = 0; s < segCount && bitplane >= 0; s++) {
            int len = segLen[s];
            // the segment ends in two 0xFF bytes, as the decoder expects at a marker; restore after
            int end = segStart + len;
            byte keep0 = data[end];
            byte keep1 = data[end + 1];
            data[end] = (byte) 0xFF;
            data[end + 1] = (byte) 0xFF;
            boolean raw = (style & STYLE_BYPASS) != 0 && pass >= 10 && passType != 2;
            if (raw) {
                initRaw(data, segStart);
            } else {
                initMq(data, segStart, len);
            }
            for (int k = 0; k < segPasses[s] && bitplane >= 0; k++) {
                int half = 1 << bitplane;
                if (passType == 0) {
                    if (raw) {
                        significanceRaw(half, vsc);
                    } else {
                        significance(half, zc, vsc);
                    }
                } else if (passType == 1) {
                    if (raw) {
                        refinementRaw(half, vsc);
                    } else {
                        refinement(half, vsc);
                    }
                } else {
                    cleanup(half, zc, vsc);
                    if ((style & STYLE_SEGSYM) != 0) {
                        for (int i = 0; i < 4; i++) {
                            decodeBit(CTX_UNI);
                        }
                    }
                }
                if ((style & STYLE_RESET) != 0) {
                    resetContexts();
                }
                if (passType == 2) {
                    bitplane--;
                    passType = 0;
                } else {
                    passType++;
                }
                pass++;
            }
            data[end] = keep0;
            data[end + 1] = keep1;
            segStart = end;
        }
    }

    private void resetContexts() {
        java.util.Arrays.fill(mq, 0, NUM_CTX, 0);
        mq[0] = 2 * 4;
        mq[CTX_RL] = 2 * 3;
        mq[CTX_UNI] = 2 * 46;
    }

    // ---- MQ decoder (Annex C.3), software convention with C = B << 16 ----

    private void initMq(byte[] data, int start, int len) {
        buf = data;
        bp = start;
        c = (data[start] & 0xFF) << 16;
        byteIn();
        c <<= 7;
        ct -= 7;
        a = 0x8000;
    }

    private void byteIn() {
        if (buf[bp] == (byte) 0xFF) {
            if ((buf[bp + 1] & 0xFF) > 0x8F) {
                // a marker (or the end of the segment): feed ones, stay put
                c += 0xFF00;
                ct = 8;
            } else {
                bp++;
                c += (buf[bp] & 0xFF) << 9;
                ct = 7;
            }
        } else {
            bp++;
            c += (buf[bp] & 0xFF) << 8;
            ct = 8;
        }
    }

    /**
     * DECODE of C.3.2 written without data-dependent branches in the common case: the LPS/MPS region, the
     * conditional exchange and the state change are selected arithmetically, since in well-compressed data these
     * outcomes are close to random and mispredicted branches would dominate the cost.
     */
    private int decodeBit(int cx) {
        int[] m = mq;
        int st = m[cx];
        int qe = m[QE_AT + st];
        int ra = a - qe;
        int mps = st & 1;
        int lps = ((c >>> 16) - qe) >> 31; // -1 in the LPS sub-interval
        int exchange = (ra - qe) >> 31; // -1 when the sub-intervals swap roles
        int d = mps ^ ((lps ^ exchange) & 1);
        int na = (qe & lps) | (ra & ~lps);
        int nc = c - ((qe << 16) & ~lps);
        int n = Integer.numberOfLeadingZeros(na) - 16; // 0: A still >= 0x8000, no renormalisation, same state
        int renorm = -n >> 31;
        m[cx] = st ^ ((st ^ m[TRANSITION_AT + 2 * st + (d ^ mps)]) & renorm);
        a = na << n;
        if (n <= ct) {
            c = nc << n;
            ct -= n;
        } else {
            c = nc;
            renormalizeC(n);
        }
        return d;
    }

    /** Shifts C by {@code n} bits, reading bytes as its bit count runs out (the loop of RENORMD, C.3.3). */
    private void renormalizeC(int n) {
        while (true) {
            if (ct == 0) {
                byteIn();
            }
            if (n <= ct) {
                c <<= n;
                ct -= n;
                return;
            }
            c <<= ct;
            n -= ct;
            ct = 0;
        }
    }

    // ---- raw bits of the bypass passes (D.6): bit stuffing after 0xFF ----

    private void initRaw(byte[] data, int start) {
        buf = data;
        bp = start;
        c = 0;
        ct = 0;
    }

    private int rawBit() {
        if (ct == 0) {
            if (c == 0xFF) {
                if ((buf[bp] & 0xFF) > 0x8F) {
                    c = 0xFF;
                    ct = 8;
                } else {
                    c = buf[bp++] & 0xFF;
                    ct = 7;
                }
            } else {
                c = buf[bp++] & 0xFF;
                ct = 8;
            }
        }
        ct--;
        return (c >> ct) & 1;
    }

    // ---- coding passes ----

    /**
     * Marks row {@code r} of column word {@code i} significant with sign {@code negative} (1 or 0): in its own word,
     * its neighbours' words, and the words of the stripe above or below when it lies on the stripe's edge.
     */
    private void becomeSignificant(int i, int r, int oi, int negative, int half) {
        int[] cw = cols;
        int neg = -negative;
        out[oi] = ((3 * half) ^ neg) - neg;
        int j = r + 1; // window row
        cw[i] |= (2 << 3 * j) | ((1 << CHI + j) & neg);
        cw[i - 1] |= 4 << 3 * j;
        cw[i + 1] |= 1 << 3 * j;
        if (r == 0) {
            int u = i - cs; // the stripe above sees this sample in its window row 5
            cw[u] |= (2 << 15) | ((1 << CHI + 5) & neg);
            cw[u - 1] |= 4 << 15;
            cw[u + 1] |= 1 << 15;
        } else if (r == 3) {
            int d = i + cs; // the stripe below sees it in window row 0
            cw[d] |= 2 | ((1 << CHI) & neg);
            cw[d - 1] |= 4;
            cw[d + 1] |= 1;
        }
    }

    /** Sign of row {@code r} (Table D.3 context from the N, S, W, E neighbours), decoded with the MQ coder. */
    private int decodeSign(int i, int r, int word) {
        int[] cw = cols;
        int j = r + 1;
        int win = word >>> 3 * r;
        int sig = (win >> 1 & 1) | (win >> 6 & 2) | (win >> 1 & 4) | (win >> 2 & 8);
        int neg = (word >>> CHI + j - 1 & 1) | (word >>> CHI + j + 1 - 1 & 2)
                | (cw[i - 1] >>> CHI + j - 2 & 4) | (cw[i + 1] >>> CHI + j - 3 & 8);
        int sc = SC[sig | (neg & sig) << 4];
        return decodeBit(sc & 31) ^ (sc >> 5);
    }

    private void significance(int half, byte[] zc, boolean vsc) {
        int[] cw = cols;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int rows = Math.min(4, h - y0);
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                if ((word & SIGMA_ALL) == 0) {
                    continue; // nothing significant around: no sample of the column is coded in this pass
                }
                int oi = y0 * w + x;
                for (int r = 0; r < rows; r++, oi += w) {
                    int win = (r == 3 ? word & lastMask : word) >>> 3 * r;
                    if ((win & SELF) == 0 && (win & NEIGHBOURS) != 0) {
                        int bit = decodeBit(zc[win & 0x1FF]);
                        if (bit != 0) {
                            becomeSignificant(i, r, oi, decodeSign(i, r, r == 3 ? word & lastMask : word), half);
                        }
                        cw[i] |= 1 << PI + r;
                        word = cw[i];
                    }
                }
            }
        }
    }

    /** The significance pass of a bypass segment: the same scan, raw bits instead of MQ decisions (D.6). */
    private void significanceRaw(int half, boolean vsc) {
        int[] cw = cols;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int rows = Math.min(4, h - y0);
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                if ((word & SIGMA_ALL) == 0) {
                    continue; // nothing significant around: no sample of the column is coded in this pass
                }
                int oi = y0 * w + x;
                for (int r = 0; r < rows; r++, oi += w) {
                    int win = (r == 3 ? word & lastMask : word) >>> 3 * r;
                    if ((win & SELF) == 0 && (win & NEIGHBOURS) != 0) {
                        int bit = rawBit();
                        if (bit != 0) {
                            becomeSignificant(i, r, oi, rawBit(), half);
                        }
                        cw[i] |= 1 << PI + r;
                        word = cw[i];
                    }
                }
            }
        }
    }

    private void refinement(int half, boolean vsc) {
        int[] cw = cols;
        int[] o = out;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int rows = Math.min(4, h - y0);
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                // own rows 0-3 sit in window rows 1-4, column 1: bits 4, 7, 10, 13
                if ((word & 0x2490) == 0) {
                    continue;
                }
                int oi = y0 * w + x;
                for (int r = 0; r < rows; r++, oi += w) {
                    int win = (r == 3 ? word & lastMask : word) >>> 3 * r;
                    if ((win & SELF) != 0 && (word & 1 << PI + r) == 0) {
                        // context 16 once refined, else 15 with a significant neighbour, else 14 (Table D.4)
                        int refined = word >>> MU + r & 1;
                        int near = ((win & NEIGHBOURS) + 0x1FF) >> 9; // 1 when any neighbour is significant
                        int cx = CTX_MR + ((refined << 1) | near) - (refined & near);
                        // move the magnitude up or down by half without branching on a near-random bit
                        int down = decodeBit(cx) - 1; // 0 for a one bit, -1 for a zero bit
                        int delta = (half ^ down) - down;
                        int v = o[oi];
                        int sign = v >> 31;
                        o[oi] = v + ((delta ^ sign) - sign);
                        word |= 1 << MU + r;
                    }
                }
                cw[i] = word;
            }
        }
    }

    /** The refinement pass of a bypass segment, on raw bits. */
    private void refinementRaw(int half, boolean vsc) {
        int[] cw = cols;
        int[] o = out;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int rows = Math.min(4, h - y0);
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                // own rows 0-3 sit in window rows 1-4, column 1: bits 4, 7, 10, 13
                if ((word & 0x2490) == 0) {
                    continue;
                }
                int oi = y0 * w + x;
                for (int r = 0; r < rows; r++, oi += w) {
                    int win = (r == 3 ? word & lastMask : word) >>> 3 * r;
                    if ((win & SELF) != 0 && (word & 1 << PI + r) == 0) {
                        // context 16 once refined, else 15 with a significant neighbour, else 14 (Table D.4)
                        int refined = word >>> MU + r & 1;
                        int near = ((win & NEIGHBOURS) + 0x1FF) >> 9; // 1 when any neighbour is significant
                        int cx = CTX_MR + ((refined << 1) | near) - (refined & near);
                        // move the magnitude up or down by half without branching on a near-random bit
                        int down = rawBit() - 1; // 0 for a one bit, -1 for a zero bit
                        int delta = (half ^ down) - down;
                        int v = o[oi];
                        int sign = v >> 31;
                        o[oi] = v + ((delta ^ sign) - sign);
                        word |= 1 << MU + r;
                    }
                }
                cw[i] = word;
            }
        }
    }

    private void cleanup(int half, byte[] zc, boolean vsc) {
        int[] cw = cols;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int rows = Math.min(4, h - y0);
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                int oi = y0 * w + x;
                int r = 0;
                if (rows == 4 && ((word & lastMask) & (SIGMA_ALL | PI_ALL)) == 0) {
                    // run mode: four insignificant, unvisited samples with insignificant neighbourhoods
                    if (decodeBit(CTX_RL) == 0) {
                        continue;
                    }
                    r = decodeBit(CTX_UNI) << 1;
                    r |= decodeBit(CTX_UNI);
                    becomeSignificant(i, r, oi + r * w, decodeSign(i, r, r == 3 ? word & lastMask : word), half);
                    word = cw[i];
                    r++;
                }
                for (; r < rows; r++) {
                    if ((word & ((SELF << 3 * r) | (1 << PI + r))) == 0) {
                        int masked = r == 3 ? word & lastMask : word;
                        if (decodeBit(zc[masked >>> 3 * r & 0x1FF]) != 0) {
                            becomeSignificant(i, r, oi + r * w, decodeSign(i, r, masked), half);
                            word = cw[i];
                        }
                    }
                }
                cw[i] = word & ~PI_ALL;
            }
        }
    }
}
