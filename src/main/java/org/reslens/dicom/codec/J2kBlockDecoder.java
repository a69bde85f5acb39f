package org.reslens.dicom.codec;

import static org.reslens.dicom.codec.J2kContexts.CTX_MR;
import static org.reslens.dicom.codec.J2kContexts.CTX_RL;
import static org.reslens.dicom.codec.J2kContexts.CTX_UNI;
import static org.reslens.dicom.codec.J2kContexts.NEXT;
import static org.reslens.dicom.codec.J2kContexts.NUM_CTX;
import static org.reslens.dicom.codec.J2kContexts.SC;
import static org.reslens.dicom.codec.J2kContexts.SPREAD;
import static org.reslens.dicom.codec.J2kContexts.ZC;

/**
 * Tier-1 of JPEG 2000 (ISO 15444-1 Annex D): the three coding passes of one code-block over the MQ arithmetic
 * decoder of Annex C, or over raw bits in the bypass passes. One instance per thread: it owns its scratch arrays.
 *
 * <p>State is kept per column of a stripe (four rows) in one int, so that one load answers "is there anything to
 * code here" for four samples. Bits 0-17 hold the significance of a 3-column by 6-row window (the column, its
 * left and right neighbours, rows -1 to 4 of the stripe; bit {@code 3 * j + c} for window row j, column c), bits
 * 18-23 the signs of the column's own window rows, bits 24-27 "refined before" and 28-31 "visited in this
 * bit-plane" for rows 0-3. A sample in row r reads its 3x3 neighbourhood as {@code (word >>> 3r) & 0x1FF}. Rows
 * below the block's last row (in its last stripe) are marked visited for good, so every stripe has four rows to
 * the passes and none of them is ever coded.
 *
 * <p>Magnitudes are kept scaled by two with the midpoint of the still unknown interval already added, so that a
 * block whose passes stop early reconstructs at the middle of its bin (the usual choice, and OpenJPEG's): the caller
 * halves for reversible bands and multiplies by half the step for irreversible ones.
 *
 * <p>Speed (tier-1 is nearly all of a JPEG 2000 decode; figures in docs/benchmarks/dicom-read.md):
 * <ul>
 * <li>Each pass keeps the MQ registers A, C and CT in local variables and spells the decision of C.3.2 out where
 * it is needed (the blocks marked {@code mq decision}, identical but for the context and result names). Through
 * a method the registers had to live in fields, a store and a reload per decision on the decoder's critical path
 * (a method cannot return the bit and the registers together); inlining them measured 8% faster. Rare
 * paths (an interrupted run, a sign in the cleanup pass) go through {@link #decodeBit} instead, to keep the
 * passes small enough for the JIT to hold their registers.</li>
 * <li>A decision has no data-dependent branch but the rare refill: in well-compressed data its outcomes are close
 * to random, and a branchy decoder measured 14% slower.</li>
 * <li>The passes find the rows to code in a column with bit operations on its word and walk them with
 * {@code numberOfTrailingZeros}, instead of testing each of four rows with a branch the CPU mispredicts.</li>
 * </ul>
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
    /** Where the column words start in {@link #state}, after the contexts. */
    private static final int COLS_AT = 32;

    static final int STYLE_BYPASS = 1;
    static final int STYLE_RESET = 2;
    static final int STYLE_TERMALL = 4;
    static final int STYLE_VSC = 8;
    static final int STYLE_SEGSYM = 32;

    /**
     * All that the passes read and write, in one array so that they hold one reference, not three: the MQ
     * contexts' words (see {@link J2kContexts#contextWord}) from 0; from {@link #COLS_AT} the column words, one per
     * stripe and column with a padding column each side and a padding stripe each end; from {@link #outAt} the
     * block's magnitudes, row by row.
     */
    private int[] state = new int[0];
    /** Where the block's magnitudes start in {@link #state}. */
    private int outAt;
    private int w;
    private int h;
    private int cs; // column-word stride: w + 2
    /** "Visited" bits of the rows that lie below the block in its last stripe, kept set in that stripe. */
    private int padRows;
    /** Half the bit-plane's step in the doubled magnitudes: a newly significant sample starts at 3 * half. */
    private int half;

    // input of both decoders; the MQ registers A, C, CT between passes; the raw decoder's byte and bits left
    private byte[] buf;
    private int bp;
    private int a;
    private long c;
    private int ct;
    private int rawByte;
    private int rawBits;

    /**
     * Decodes the coding passes of a {@code w x h} block into its magnitudes ({@link #samples()} from
     * {@link #samplesAt()}, row stride w), starting at bit-plane {@code numbps - 1}. {@code data} holds the
     * segments back to back and has two spare bytes after their total; {@code segPasses[i]} passes use segment
     * {@code i}.
     */
    void decode(int width, int height, int orientation, int style, int numbps, byte[] data,
                int[] segLen, int[] segPasses, int segCount) {
        this.w = width;
        this.h = height;
        cs = w + 2;
        int stripes = (h + 3) >> 2;
        outAt = COLS_AT + cs * (stripes + 2);
        int size = outAt + w * h;
        if (state.length < size) {
            state = new int[size];
        } else {
            java.util.Arrays.fill(state, COLS_AT, size, 0);
        }
        padRows = (h & 3) == 0 ? 0 : (PI_ALL << (h & 3)) & PI_ALL; // rows h & 3 to 3 of the last stripe
        if (padRows != 0) {
            int last = COLS_AT + stripes * cs + 1;
            java.util.Arrays.fill(state, last, last + w, padRows);
        }
        resetContexts();
        int zc = orientation << 9;
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
                initMq(data, segStart);
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
        J2kContexts.reset(state);
    }

    /** The array holding the last block's magnitudes, scaled by two and signed, from {@link #samplesAt()}. */
    int[] samples() {
        return state;
    }

    int samplesAt() {
        return outAt;
    }

    // ---- MQ decoder (Annex C.3), software convention with C = B << 16 ----

    /**
     * INITDEC of C.3.5. C is kept 64 bits wide: the top 32 bits are the register of the standard (software
     * convention, C = B << 16), the bits below hold bytes read ahead, and CT counts the bits that can be shifted in
     * before more must be read. Reading ahead two to four bytes at a time keeps the refill, a branch the CPU cannot
     * predict, out of most decisions.
     */
    private void initMq(byte[] data, int start) {
        buf = data;
        bp = start;
        long filled = fill((long) (data[start] & 0xFF) << 48, 0);
        c = (filled & ~0xFFL) << 7;
        ct = ((int) filled & 0xFF) - 7;
        a = 0x8000;
    }

    /**
     * BYTEIN of C.3.4, repeated while C has room: after 0xFF the next byte brings 7 bits (bit stuffing), and a
     * marker (or the two 0xFF bytes after the segment) feeds 1-bits without moving on. Returns C with CT in its low
     * eight bits, which the read-ahead never reaches (CT ends between 25 and 32). The decisions refill below 16, so
     * a renormalisation (at most 15 bits) never runs out of bits. Never reads past the two bytes after the
     * segment: it moves on only over a byte that is followed by one it has looked at.
     */
    private long fill(long creg, int count) {
        byte[] b = buf;
        int p = bp;
        while (count <= 24) {
            if (b[p] == (byte) 0xFF) {
                if ((b[p + 1] & 0xFF) > 0x8F) {
                    creg += 0xFFL << (40 - count);
                    count += 8;
                } else {
                    p++;
                    creg += (long) (b[p] & 0xFF) << (41 - count);
                    count += 7;
                }
            } else {
                p++;
                creg += (long) (b[p] & 0xFF) << (40 - count);
                count += 8;
            }
        }
        bp = p;
        return creg | count;
    }

    /**
     * One decision with the registers in fields, for the rare callers outside the passes (segmentation symbols).
     * The passes spell the same lines out with the registers in locals; this copy carries the explanation.
     */
    private int decodeBit(int cx) {
        int[] m = state;
        long c = this.c;
        int ct = this.ct;
        int bit;
        // ---- mq decision (C.3.2) of context cx into bit; registers a, c, ct ----
        int cword = m[cx];
        int qe = cword & 0xFFFF;
        long after = NEXT[cword >>> 16 & 0x7F]; // the context's next word after an MPS (low) or LPS (high half)
        int ra = a - qe;
        int lps = ((int) (c >>> 48) - qe) >> 31; // -1: C lies in the lower sub-interval, which the LPS owns
        int swap = lps ^ ((ra - qe) >> 31); // -1: the decision is the LPS (C.3.2's conditional exchange folded in)
        bit = (cword >>> 16 ^ swap) & 1; // MPS, flipped for an LPS
        int na = (qe & lps) | (ra & ~lps); // A becomes Qe in the lower sub-interval, A - Qe in the upper
        int n = Integer.numberOfLeadingZeros(na) - 16; // renormalisation shift: 0 while A >= 0x8000
        int next = (int) (after >>> (swap & 32));
        m[cx] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31)); // a new state only when renormalising
        c = (c - ((long) (qe & ~lps) << 48)) << n;
        a = na << n;
        ct -= n;
        if (ct < 16) { // the next decision may shift by up to 15 bits
            long filled = fill(c, ct);
            c = filled & ~0xFFL;
            ct = (int) filled & 0xFF;
        }
        this.c = c;
        this.ct = ct;
        return bit;
    }

    // ---- raw bits of the bypass passes (D.6): bit stuffing after 0xFF ----

    private void initRaw(byte[] data, int start) {
        buf = data;
        bp = start;
        rawByte = 0;
        rawBits = 0;
    }

    private int rawBit() {
        if (rawBits == 0) {
            if (rawByte == 0xFF) {
                if ((buf[bp] & 0xFF) > 0x8F) {
                    rawByte = 0xFF;
                    rawBits = 8;
                } else {
                    rawByte = buf[bp++] & 0xFF;
                    rawBits = 7;
                }
            } else {
                rawByte = buf[bp++] & 0xFF;
                rawBits = 8;
            }
        }
        rawBits--;
        return (rawByte >> rawBits) & 1;
    }

    // ---- coding passes ----

    /**
     * Rows of a column (row r at bit 3r) that the significance pass codes: not significant, not visited, with a
     * significant neighbour. {@code word} is the column word as its last row sees it (vertically causal mode
     * masks the stripe below, which only that row reads).
     */
    private static int significanceCandidates(int word) {
        int t = word & SIGMA_ALL;
        int anyInRow = (t | t >>> 1 | t >>> 2) & 0x9249; // bit 3j: a window row j with any significant sample
        int sides = (t | t >>> 2) & 0x9249; // bit 3j: left or right neighbour of window row j significant
        int near = anyInRow | anyInRow >>> 6 | sides >>> 3; // rows r-1 and r+1 of all three columns, r's sides
        return near & ~(t >>> 4) & ~SPREAD[word >>> PI] & 0x249;
    }

    /**
     * Marks row {@code r} of column word {@code i} significant with sign {@code negative} (1 or 0): in its
     * neighbours' words, and the words of the stripe above or below when it lies on the stripe's edge. Returns the
     * bits to set in the column's own word, which the caller holds in a local.
     */
    private int becomeSignificant(int i, int r, int oi, int negative) {
        int[] cw = state;
        int neg = -negative;
        cw[oi] = ((3 * half) ^ neg) - neg;
        int j = r + 1; // window row
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
        return (2 << 3 * j) | ((1 << CHI + j) & neg);
    }

    /**
     * Sign context and XOR bit of row {@code r} (Table D.3, from the N, S, W, E neighbours): {@code word} is the
     * column's word as the row may see it (vertically causal mode masks the stripe below off row 3).
     */
    private int signContext(int i, int r, int word) {
        int[] cw = state;
        int j = r + 1;
        int win = word >>> 3 * r;
        int sig = (win >> 1 & 1) | (win >> 6 & 2) | (win >> 1 & 4) | (win >> 2 & 8);
        int neg = (word >>> CHI + j - 1 & 1) | (word >>> CHI + j + 1 - 1 & 2)
                | (cw[i - 1] >>> CHI + j - 2 & 4) | (cw[i + 1] >>> CHI + j - 3 & 8);
        return SC[(sig | (neg & sig) << 4) & 0xFF];
    }

    private void significance(int half, int zc, boolean vsc) {
        int[] cw = state;
        int a = this.a;
        long c = this.c;
        int ct = this.ct;
        this.half = half;
        int lastMask = vsc ? ~BELOW : -1;
        int width = w;
        for (int y0 = 0, i0 = COLS_AT + cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int toOut = outAt + y0 * width - i0; // column word index + this = output index of the stripe's row 0
            for (int i = i0, end = i0 + width; i < end; i++) {
                int word = cw[i];
                if ((word & SIGMA_ALL) == 0) {
                    continue; // nothing significant around: no sample of the column is coded in this pass
                }
                int todo = significanceCandidates(word & lastMask);
                if (todo == 0) {
                    continue;
                }
                do {
                    int r3 = Integer.numberOfTrailingZeros(todo);
                    int r = r3 * 11 >> 5; // r3 / 3
                    int seen = r == 3 ? word & lastMask : word;
                    int cx = ZC[(zc | (seen >>> r3 & 0x1FF)) & 0x7FF];
                    int bit;
                    {
                        // ---- mq decision (C.3.2) of context cx into bit; registers a, c, ct ----
                        int cword = cw[cx];
                        int qe = cword & 0xFFFF;
                        long after = NEXT[cword >>> 16 & 0x7F];
                        int ra = a - qe;
                        int lps = ((int) (c >>> 48) - qe) >> 31;
                        int swap = lps ^ ((ra - qe) >> 31);
                        bit = (cword >>> 16 ^ swap) & 1;
                        int na = (qe & lps) | (ra & ~lps);
                        int n = Integer.numberOfLeadingZeros(na) - 16;
                        int next = (int) (after >>> (swap & 32));
                        cw[cx] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31));
                        c = (c - ((long) (qe & ~lps) << 48)) << n;
                        a = na << n;
                        ct -= n;
                        if (ct < 16) {
                            long filled = fill(c, ct);
                            c = filled & ~0xFFL;
                            ct = (int) filled & 0xFF;
                        }
                    }
                    word |= 1 << PI + r;
                    if (bit == 0) {
                        todo &= todo - 1;
                        continue;
                    }
                    int sc = signContext(i, r, seen);
                    int sx = sc & 31;
                    int sign;
                    {
                        // ---- mq decision (C.3.2) of context sx into sign; registers a, c, ct ----
                        int cword = cw[sx];
                        int qe = cword & 0xFFFF;
                        long after = NEXT[cword >>> 16 & 0x7F];
                        int ra = a - qe;
                        int lps = ((int) (c >>> 48) - qe) >> 31;
                        int swap = lps ^ ((ra - qe) >> 31);
                        sign = (cword >>> 16 ^ swap) & 1;
                        int na = (qe & lps) | (ra & ~lps);
                        int n = Integer.numberOfLeadingZeros(na) - 16;
                        int next = (int) (after >>> (swap & 32));
                        cw[sx] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31));
                        c = (c - ((long) (qe & ~lps) << 48)) << n;
                        a = na << n;
                        ct -= n;
                        if (ct < 16) {
                            long filled = fill(c, ct);
                            c = filled & ~0xFFL;
                            ct = (int) filled & 0xFF;
                        }
                    }
                    word |= becomeSignificant(i, r, toOut + i + r * width, sign ^ (sc >> 5));
                    // rows below may have gained a significant neighbour
                    todo = significanceCandidates(word & lastMask) & (-8 << r3);
                } while (todo != 0);
                cw[i] = word;
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
    }

    /** The significance pass of a bypass segment: the same scan, raw bits instead of MQ decisions (D.6). */
    private void significanceRaw(int half, boolean vsc) {
        int[] cw = state;
        this.half = half;
        int lastMask = vsc ? ~BELOW : -1;
        for (int y0 = 0, i0 = COLS_AT + cs + 1; y0 < h; y0 += 4, i0 += cs) {
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                int todo = significanceCandidates(word & lastMask);
                while (todo != 0) {
                    int r3 = Integer.numberOfTrailingZeros(todo);
                    int r = r3 * 11 >> 5;
                    word |= 1 << PI + r;
                    if (rawBit() == 0) {
                        todo &= todo - 1;
                        continue;
                    }
                    word |= becomeSignificant(i, r, outAt + (y0 + r) * w + x, rawBit());
                    todo = significanceCandidates(word & lastMask) & (-8 << r3);
                }
                cw[i] = word;
            }
        }
    }

    private void refinement(int half, boolean vsc) {
        int[] cw = state;
        int a = this.a;
        long c = this.c;
        int ct = this.ct;
        int lastMask = vsc ? ~BELOW : -1;
        int width = w;
        for (int y0 = 0, i0 = COLS_AT + cs + 1; y0 < h; y0 += 4, i0 += cs) {
            int toOut = outAt + y0 * width - i0; // column word index + this = output index of the stripe's row 0
            for (int i = i0, end = i0 + width; i < end; i++) {
                int word = cw[i];
                // significant before this bit-plane: own rows (window bits 4, 7, 10, 13) not visited in it
                int todo = (word >>> 4) & ~SPREAD[word >>> PI] & 0x249;
                if (todo == 0) {
                    continue;
                }
                do {
                    int r3 = Integer.numberOfTrailingZeros(todo);
                    int r = r3 * 11 >> 5;
                    int win = (r == 3 ? word & lastMask : word) >>> r3;
                    // context 16 once refined, else 15 with a significant neighbour, else 14 (Table D.4)
                    int refined = word >>> MU + r & 1;
                    int near = ((win & NEIGHBOURS) + 0x1FF) >> 9; // 1 when any neighbour is significant
                    int cx = CTX_MR + ((refined << 1) | near) - (refined & near);
                    int bit;
                    {
                        // ---- mq decision (C.3.2) of context cx into bit; registers a, c, ct ----
                        int cword = cw[cx];
                        int qe = cword & 0xFFFF;
                        long after = NEXT[cword >>> 16 & 0x7F];
                        int ra = a - qe;
                        int lps = ((int) (c >>> 48) - qe) >> 31;
                        int swap = lps ^ ((ra - qe) >> 31);
                        bit = (cword >>> 16 ^ swap) & 1;
                        int na = (qe & lps) | (ra & ~lps);
                        int n = Integer.numberOfLeadingZeros(na) - 16;
                        int next = (int) (after >>> (swap & 32));
                        cw[cx] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31));
                        c = (c - ((long) (qe & ~lps) << 48)) << n;
                        a = na << n;
                        ct -= n;
                        if (ct < 16) {
                            long filled = fill(c, ct);
                            c = filled & ~0xFFL;
                            ct = (int) filled & 0xFF;
                        }
                    }
                    // move the magnitude up or down by half without branching on a near-random bit
                    int down = bit - 1; // 0 for a one bit, -1 for a zero bit
                    int delta = (half ^ down) - down;
                    int oi = toOut + i + r * width;
                    int v = cw[oi];
                    int sign = v >> 31;
                    cw[oi] = v + ((delta ^ sign) - sign);
                    word |= 1 << MU + r;
                    todo &= todo - 1;
                } while (todo != 0);
                cw[i] = word;
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
    }

    /** The refinement pass of a bypass segment, on raw bits. */
    private void refinementRaw(int half, boolean vsc) {
        int[] cw = state;
        for (int y0 = 0, i0 = COLS_AT + cs + 1; y0 < h; y0 += 4, i0 += cs) {
            for (int x = 0; x < w; x++) {
                int i = i0 + x;
                int word = cw[i];
                int todo = (word >>> 4) & ~SPREAD[word >>> PI] & 0x249;
                while (todo != 0) {
                    int r3 = Integer.numberOfTrailingZeros(todo);
                    int r = r3 * 11 >> 5;
                    int down = rawBit() - 1;
                    int delta = (half ^ down) - down;
                    int oi = outAt + (y0 + r) * w + x;
                    int v = cw[oi];
                    int sign = v >> 31;
                    cw[oi] = v + ((delta ^ sign) - sign);
                    word |= 1 << MU + r;
                    todo &= todo - 1;
                }
                cw[i] = word;
            }
        }
    }

    /**
     * The rest of a cleanup-pass run that was interrupted (D.3.4): the row of the first significant sample, two
     * uniform decisions, then its sign. Rare (a few thousand times a frame), so it runs on the registers in
     * fields, which keeps the cleanup loop small enough for the JIT to hold its registers. Returns the column word.
     */
    private int interruptRun(int i, int word, int lastMask, int out0) {
        int r = decodeBit(CTX_UNI) << 1;
        r |= decodeBit(CTX_UNI);
        int sc = signContext(i, r, r == 3 ? word & lastMask : word);
        int sign = decodeBit(sc & 31);
        return word | becomeSignificant(i, r, out0 + r * w, sign ^ (sc >> 5));
    }

    /** Decodes the sign of row {@code r} on the registers in fields and marks it significant. */
    private int signAndSignificance(int i, int r, int seen, int oi) {
        int sc = signContext(i, r, seen);
        int sign = decodeBit(sc & 31);
        return becomeSignificant(i, r, oi, sign ^ (sc >> 5));
    }

    private void cleanup(int half, int zc, boolean vsc) {
        int[] cw = state;
        this.half = half;
        int a = this.a;
        long c = this.c;
        int ct = this.ct;
        int lastMask = vsc ? ~BELOW : -1;
        int stripes = (h + 3) >> 2;
        for (int s = 0, i0 = COLS_AT + cs + 1; s < stripes; s++, i0 += cs) {
            int keep = s == stripes - 1 ? padRows : 0;
            int toOut = outAt + 4 * s * w - i0; // column word index + this = output index of the stripe's row 0
            for (int i = i0, end = i0 + w; i < end; i++) {
                int word = cw[i];
                // rows neither significant nor visited in this bit-plane (padding rows count as visited)
                int todo = ~(word >>> 4 | SPREAD[word >>> PI]) & 0x249;
                if (((word & lastMask) & (SIGMA_ALL | PI_ALL)) == 0) {
                    // run mode: four insignificant, unvisited samples with insignificant neighbourhoods
                    int bit;
                    {
                        // ---- mq decision (C.3.2) of context CTX_RL into bit; registers a, c, ct ----
                        int cword = cw[CTX_RL];
                        int qe = cword & 0xFFFF;
                        long after = NEXT[cword >>> 16 & 0x7F];
                        int ra = a - qe;
                        int lps = ((int) (c >>> 48) - qe) >> 31;
                        int swap = lps ^ ((ra - qe) >> 31);
                        bit = (cword >>> 16 ^ swap) & 1;
                        int na = (qe & lps) | (ra & ~lps);
                        int n = Integer.numberOfLeadingZeros(na) - 16;
                        int next = (int) (after >>> (swap & 32));
                        cw[CTX_RL] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31));
                        c = (c - ((long) (qe & ~lps) << 48)) << n;
                        a = na << n;
                        ct -= n;
                        if (ct < 16) {
                            long filled = fill(c, ct);
                            c = filled & ~0xFFL;
                            ct = (int) filled & 0xFF;
                        }
                    }
                    if (bit == 0) {
                        continue;
                    }
                    this.a = a;
                    this.c = c;
                    this.ct = ct;
                    int was = word;
                    word = interruptRun(i, word, lastMask, toOut + i);
                    a = this.a;
                    c = this.c;
                    ct = this.ct;
                    int became = ((word & ~was) >>> 4) & 0x249; // the row that became significant, at bit 3r
                    todo &= -(became << 3);
                }
                while (todo != 0) {
                    int r3 = Integer.numberOfTrailingZeros(todo);
                    int r = r3 * 11 >> 5;
                    int seen = r == 3 ? word & lastMask : word;
                    int cx = ZC[(zc | (seen >>> r3 & 0x1FF)) & 0x7FF];
                    int bit;
                    {
                        // ---- mq decision (C.3.2) of context cx into bit; registers a, c, ct ----
                        int cword = cw[cx];
                        int qe = cword & 0xFFFF;
                        long after = NEXT[cword >>> 16 & 0x7F];
                        int ra = a - qe;
                        int lps = ((int) (c >>> 48) - qe) >> 31;
                        int swap = lps ^ ((ra - qe) >> 31);
                        bit = (cword >>> 16 ^ swap) & 1;
                        int na = (qe & lps) | (ra & ~lps);
                        int n = Integer.numberOfLeadingZeros(na) - 16;
                        int next = (int) (after >>> (swap & 32));
                        cw[cx] = cword ^ ((cword ^ next) & ((na - 0x8000) >> 31));
                        c = (c - ((long) (qe & ~lps) << 48)) << n;
                        a = na << n;
                        ct -= n;
                        if (ct < 16) {
                            long filled = fill(c, ct);
                            c = filled & ~0xFFL;
                            ct = (int) filled & 0xFF;
                        }
                    }
                    if (bit != 0) {
                        this.a = a;
                        this.c = c;
                        this.ct = ct;
                        word |= signAndSignificance(i, r, seen, toOut + i + r * w);
                        a = this.a;
                        c = this.c;
                        ct = this.ct;
                    }
                    todo &= todo - 1;
                }
                cw[i] = word & ~PI_ALL | keep;
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
    }
}
