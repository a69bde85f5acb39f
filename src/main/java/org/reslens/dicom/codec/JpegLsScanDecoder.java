package org.reslens.dicom.codec;

import java.util.Arrays;
import org.reslens.dicom.DicomException;

/**
 * Decoding of one JPEG-LS scan (ITU T.87 Annex A): context modelling, prediction, error mapping, run mode and run
 * interruption, on top of the bit level in {@link JpegLsBitReader}.
 *
 * <p>Samples are kept as ints in line buffers with one guard sample on each side; every reconstructed value is
 * clamped to [0, MAXVAL], so gradients always index inside the quantization table even for hostile input.
 */
final class JpegLsScanDecoder extends JpegLsBitReader {
    /** T.87 A.7.1.1: the order of the run-length code for each RUNindex. */
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
        4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int REGULAR_CONTEXTS = 365;

    private final int maxval;
    private final int near;
    private final int step;
    private final int rangeStep;
    private final int limit;
    private final int reset;
    private final int initialA;
    private final boolean lossless;
    /** Quantized gradient for every difference in [-MAXVAL, MAXVAL], indexed by difference + MAXVAL. */
    private final byte[] quant;
    /** A, B, C, N of the 365 regular contexts, 4 ints per context for locality. */
    private final int[] contexts = new int[REGULAR_CONTEXTS * 4];
    /** A, N, Nn of the two run interruption contexts (RItype 0 and 1). */
    private final int[] runContexts = new int[6];

    JpegLsScanDecoder(byte[] data, int start, int pos, int end, JpegLsCodingParameters p) {
        super(data, start, pos, end, p.qbpp(), p.range());
        this.maxval = p.maxval();
        this.near = p.near();
        this.step = 2 * near + 1;
        int range = p.range();
        this.rangeStep = range * step;
        this.limit = p.limit();
        this.reset = p.reset();
        this.initialA = Math.max(2, (range + 32) / 64);
        this.lossless = near == 0;
        this.quant = quantizationTable(p);
        resetContexts();
    }

    private static byte[] quantizationTable(JpegLsCodingParameters p) {
        int mv = p.maxval();
        byte[] table = new byte[2 * mv + 1];
        // Q(d) is a step function of d (T.87 A.3.3); fill each step's interval, index = d + MAXVAL.
        int[] lower = {-mv, -p.t3() + 1, -p.t2() + 1, -p.t1() + 1, -p.near(), p.near() + 1, p.t1(), p.t2(), p.t3()};
        for (int step = 0; step < lower.length; step++) {
            int from = Math.max(lower[step], -mv);
            int to = step + 1 < lower.length ? Math.min(lower[step + 1], mv + 1) : mv + 1;
            if (from < to) {
                Arrays.fill(table, from + mv, to + mv, (byte) (step - 4));
            }
        }
        return table;
    }

    /** T.87 A.2.1 / A.2.2: the state at the start of a scan and after each restart marker. */
    void resetContexts() {
        for (int i = 0; i < contexts.length; i += 4) {
            contexts[i] = initialA;
            contexts[i + 1] = 0;
            contexts[i + 2] = 0;
            contexts[i + 3] = 1;
        }
        for (int i = 0; i < runContexts.length; i += 3) {
            runContexts[i] = initialA;
            runContexts[i + 1] = 1;
            runContexts[i + 2] = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- line decoding

    /**
     * Decodes one line of one component. {@code prev} and {@code cur} hold samples 1..width with guards at 0 and
     * width + 1; {@code runIndex[slot]} is the component's RUNindex.
     */
    void decodeLine(int[] prev, int[] cur, int width, int[] runIndex, int slot) throws DicomException {
        prev[width + 1] = prev[width];
        cur[0] = prev[1];
        final byte[] q = quant;
        final int[] cx = contexts;
        final int mv = maxval;
        final int stepSize = step;
        // The bit buffer lives in locals here (HotSpot does not keep fields in registers across iterations); it is
        // written back around every call that reads bits itself.
        long bitBuf = buf;
        int bitCount = bits;
        int ra = cur[0];
        int rc = prev[0];
        int rb = prev[1];
        int x = 1;
        while (x <= width) {
            int rd = prev[x + 1];
            int ctx = (q[rd - rb + mv] * 9 + q[rb - rc + mv]) * 9 + q[rc - ra + mv];
            if (ctx == 0) {
                buf = bitBuf;
                bits = bitCount;
                x = decodeRun(prev, cur, x, width, runIndex, slot);
                bitBuf = buf;
                bitCount = bits;
                if (x > width) {
                    break;
                }
                ra = cur[x - 1];
                rc = prev[x - 1];
                rb = prev[x];
                continue;
            }
            int sign = ctx >> 31;
            int i = ((ctx ^ sign) - sign) << 2;
            int a = cx[i];
            int b = cx[i + 1];
            int c = cx[i + 2];
            int n = cx[i + 3];
            int px = Math.min(Math.max(ra + rb - rc, Math.min(ra, rb)), Math.max(ra, rb));
            px = Math.min(Math.max(px + ((c ^ sign) - sign), 0), mv);
            int k = golombParameter(a, n);
            if (bitCount < 32) {
                buf = bitBuf;
                bits = bitCount;
                fill();
                bitBuf = buf;
                bitCount = bits;
            }
            int zeros = Long.numberOfLeadingZeros(bitBuf);
            int mapped;
            if ((zeros | k) < 16) {
                int length = zeros + 1 + k;
                mapped = (int) (bitBuf >>> (64 - length)) + ((zeros - 1) << k);
                bitBuf <<= length;
                bitCount -= length;
            } else {
                buf = bitBuf;
                bits = bitCount;
                mapped = decodeMappedErrorSlow(k, limit);
                bitBuf = buf;
                bitCount = bits;
            }
            int e = unmapError(mapped, k, b, n);
            updateRegularContext(i, e, a, b, c, n);
            ra = reconstruct(px + ((e ^ sign) - sign) * stepSize);
            cur[x] = ra;
            rc = rb;
            rb = rd;
            x++;
        }
        buf = bitBuf;
        bits = bitCount;
    }

    /**
     * Decodes one line of {@code n} sample-interleaved components: pixel x (0..width+1, guards included) holds its
     * samples at {@code x * n + c}. Run mode applies to whole pixels (T.87 B.3); RUNindex is {@code runIndex[0]}.
     */
    void decodeInterleavedLine(int[] prev, int[] cur, int width, int n, int[] runIndex, int[] ctxScratch)
            throws DicomException {
        for (int c = 0; c < n; c++) {
            prev[(width + 1) * n + c] = prev[width * n + c];
            cur[c] = prev[n + c];
        }
        final byte[] q = quant;
        final int mv = maxval;
        int x = 1;
        while (x <= width) {
            int p = x * n;
            boolean flat = true;
            for (int c = 0; c < n; c++) {
                int ra = cur[p - n + c];
                int rb = prev[p + c];
                int rc = prev[p - n + c];
                int rd = prev[p + n + c];
                int ctx = (q[rd - rb + mv] * 9 + q[rb - rc + mv]) * 9 + q[rc - ra + mv];
                ctxScratch[c] = ctx;
                flat &= ctx == 0;
            }
            if (flat) {
                x = decodeInterleavedRun(prev, cur, x, width, n, runIndex);
                continue;
            }
            for (int c = 0; c < n; c++) {
                int ra = cur[p - n + c];
                int rb = prev[p + c];
                int rc = prev[p - n + c];
                int px = Math.min(Math.max(ra + rb - rc, Math.min(ra, rb)), Math.max(ra, rb));
                cur[p + c] = decodeRegular(ctxScratch[c], px);
            }
            x++;
        }
    }

    /** T.87 A.4 to A.6: one sample in regular mode, given its signed context number and MED prediction. */
    private int decodeRegular(int ctx, int predicted) throws DicomException {
        int sign = ctx >> 31;
        int i = ((ctx ^ sign) - sign) << 2;
        int a = contexts[i];
        int b = contexts[i + 1];
        int c = contexts[i + 2];
        int n = contexts[i + 3];
        int px = Math.min(Math.max(predicted + ((c ^ sign) - sign), 0), maxval);
        int k = golombParameter(a, n);
        int e = unmapError(decodeMappedError(k, limit), k, b, n);
        updateRegularContext(i, e, a, b, c, n);
        return reconstruct(px + ((e ^ sign) - sign) * step);
    }

    /**
     * T.87 A.5.1: the smallest k with N * 2^k >= A, without a loop: start from the difference in bit length and
     * correct by one. At most 31 since N >= 1; A below 1 (an overflow in a hostile stream) gives a harmless k.
     */
    private static int golombParameter(int a, int n) {
        int k = Math.max(0, Integer.numberOfLeadingZeros(n) - Integer.numberOfLeadingZeros(a));
        return ((long) n << k) < a ? k + 1 : k;
    }

    /** T.87 A.5.2: mapped error to signed error, with the inverted mapping of biased lossless contexts. */
    private int unmapError(int mapped, int k, int b, int n) {
        int e = (mapped >>> 1) ^ -(mapped & 1);
        if (k == 0 && lossless) {
            e ^= (2 * b + n - 1) >> 31;
        }
        return e;
    }

    /** T.87 A.6: update of A, B, C, N of regular context {@code i / 4} after error {@code e}. */
    private void updateRegularContext(int i, int e, int a, int b, int c, int n) {
        b += e * step;
        a += Math.abs(e);
        if (n == reset) {
            a >>= 1;
            b >>= 1;
            n >>= 1;
        }
        n++;
        if (b <= -n) {
            b += n;
            if (c > -128) {
                c--;
            }
            if (b <= -n) {
                b = 1 - n;
            }
        } else if (b > 0) {
            b -= n;
            if (c < 127) {
                c++;
            }
            if (b > 0) {
                b = 0;
            }
        }
        int[] cx = contexts;
        cx[i] = a;
        cx[i + 1] = b;
        cx[i + 2] = c;
        cx[i + 3] = n;
    }

    /** T.87 A.4.4 modulo reduction, then a clamp that only hostile streams need. */
    private int reconstruct(int rx) {
        if (rx < -near) {
            rx += rangeStep;
        } else if (rx > maxval + near) {
            rx -= rangeStep;
        }
        return Math.min(Math.max(rx, 0), maxval);
    }

    /** T.87 A.7.1.2: a run of samples equal to Ra, then (unless the line ended) an interruption sample. */
    private int decodeRun(int[] prev, int[] cur, int x, int width, int[] runIndex, int slot) throws DicomException {
        int remaining = width - x + 1;
        int count = readRunLength(remaining, runIndex, slot);
        int ri = runIndex[slot];
        int ra = cur[x - 1];
        Arrays.fill(cur, x, x + count, ra);
        x += count;
        if (count < remaining) {
            int rb = prev[x];
            if (Math.abs(ra - rb) <= near) {
                cur[x] = reconstruct(ra + decodeInterruptionError(1, ri) * step);
            } else {
                int e = decodeInterruptionError(0, ri);
                cur[x] = reconstruct(rb + (rb < ra ? -e : e) * step);
            }
            if (ri > 0) {
                ri--;
            }
            x++;
        }
        runIndex[slot] = ri;
        return x;
    }

    /**
     * Run mode over whole pixels. Like CharLS (whose streams DICOM carries), the interruption pixel codes every
     * component with RItype 0: predicted by Rb, sign from Rb - Ra.
     */
    private int decodeInterleavedRun(int[] prev, int[] cur, int x, int width, int n, int[] runIndex)
            throws DicomException {
        int remaining = width - x + 1;
        int count = readRunLength(remaining, runIndex, 0);
        int ri = runIndex[0];
        int ra0 = (x - 1) * n;
        for (int i = 0; i < count; i++) {
            System.arraycopy(cur, ra0, cur, (x + i) * n, n);
        }
        x += count;
        if (count < remaining) {
            int p = x * n;
            for (int c = 0; c < n; c++) {
                int ra = cur[p - n + c];
                int rb = prev[p + c];
                int e = decodeInterruptionError(0, ri);
                cur[p + c] = reconstruct(rb + (rb < ra ? -e : e) * step);
            }
            if (ri > 0) {
                ri--;
            }
            x++;
        }
        runIndex[0] = ri;
        return x;
    }

    /**
     * T.87 A.7.1.2: the length of a run (at most {@code remaining}), updating {@code runIndex[slot]}. A run shorter
     * than {@code remaining} is followed by an interruption sample; one that reaches it (even through the final
     * J[RUNindex] bits, which only a sloppy encoder writes) is not.
     */
    private int readRunLength(int remaining, int[] runIndex, int slot) throws DicomException {
        int ri = runIndex[slot];
        int count = 0;
        while (readBit() != 0) {
            int segment = 1 << J[ri];
            int taken = Math.min(segment, remaining - count);
            count += taken;
            if (taken == segment && ri < 31) {
                ri++;
            }
            if (count == remaining) {
                runIndex[slot] = ri;
                return count;
            }
        }
        count += readBits(J[ri]);
        if (count > remaining) {
            throw corrupt("JPEG-LS run longer than the rest of the line");
        }
        runIndex[slot] = ri;
        return count;
    }

    /** T.87 A.7.2: the error of a run interruption sample, with its context update. */
    private int decodeInterruptionError(int type, int ri) throws DicomException {
        int o = type * 3;
        int a = runContexts[o];
        int n = runContexts[o + 1];
        int nn = runContexts[o + 2];
        int k = golombParameter(a + ((n >> 1) & -type), n);
        int mapped = decodeMappedError(k, limit - J[ri] - 1);
        int t = mapped + type;
        int map = t & 1;
        int magnitude = (t + map) >> 1;
        int e = ((k != 0 || 2 * nn >= n) == (map == 1)) ? -magnitude : magnitude;
        if (e < 0) {
            nn++;
        }
        a += (mapped + 1 - type) >> 1;
        if (n == reset) {
            a >>= 1;
            n >>= 1;
            nn >>= 1;
        }
        n++;
        runContexts[o] = a;
        runContexts[o + 1] = n;
        runContexts[o + 2] = nn;
        return e;
    }

    /**
     * Consumes the RSTm marker after a restart interval and resets the contexts; the caller clears the run indexes
     * and the previous line, so each interval decodes on its own (as CharLS does).
     */
    void restart(int expected) throws DicomException {
        skipRestartMarker(expected);
        resetContexts();
    }
}
