package org.reslens.dicom.codec;

/**
 * The inverse DCT of one 8x8 block in scaled integer arithmetic: the Loeffler-Ligtenberg-Moschytz factorisation
 * (12 multiplications per 1-D transform) with 13-bit constants, the "islow" method of the IJG library. Using the same
 * arithmetic as the IJG code that dcmtk, GDCM and most PACS decoders are built on makes our samples match theirs
 * exactly for valid data, instead of within a grey level or two as a float IDCT would.
 *
 * <p>Columns first, then rows. The intermediate results keep {@code pass1Bits} extra fraction bits: 2 for 8-bit
 * samples, 1 for 12-bit ones, where the larger coefficients would otherwise overflow 32 bits.
 */
final class JpegDctIdct {
    private static final int CONST_BITS = 13;

    // The multipliers of the LLM flow graph in CONST_BITS fixed point: sqrt(2) times sums of c_k = cos(k*pi/16),
    // given here as magnitudes; the transform applies the signs.
    private static final int F0_298 = fix(0.298631336); // sqrt2 * (-c1 + c3 + c5 - c7)
    private static final int F0_390 = fix(0.390180644); // sqrt2 * (c3 - c5)
    private static final int F0_541 = fix(0.541196100); // sqrt2 * c6
    private static final int F0_765 = fix(0.765366865); // sqrt2 * (c2 - c6)
    private static final int F0_899 = fix(0.899976223); // sqrt2 * (c3 - c7)
    private static final int F1_175 = fix(1.175875602); // sqrt2 * c3
    private static final int F1_501 = fix(1.501321110); // sqrt2 * (c1 + c3 - c5 - c7)
    private static final int F1_847 = fix(1.847759065); // sqrt2 * (c2 + c6)
    private static final int F1_961 = fix(1.961570560); // sqrt2 * (c3 + c5)
    private static final int F2_053 = fix(2.053119869); // sqrt2 * (c1 + c3 - c5 + c7)
    private static final int F2_562 = fix(2.562915447); // sqrt2 * (c1 + c3)
    private static final int F3_072 = fix(3.072711026); // sqrt2 * (c1 + c3 + c5 - c7)

    private final int pass1Bits;
    private final int center;
    private final int maxSample;
    private final int[] workspace = new int[64];

    JpegDctIdct(int precision) {
        this.pass1Bits = precision > 8 ? 1 : 2;
        this.center = 1 << (precision - 1);
        this.maxSample = (1 << precision) - 1;
    }

    private static int fix(double x) {
        return (int) (x * (1 << CONST_BITS) + 0.5);
    }

    /** A block with only a DC coefficient is flat: the same value the full transform would give. */
    void transformDcOnly(int dc, short[] out, int offset, int stride) {
        short v = (short) clamp(((dc + 4) >> 3) + center);
        for (int row = 0, o = offset; row < 8; row++, o += stride) {
            for (int i = 0; i < 8; i++) {
                out[o + i] = v;
            }
        }
    }

    /** Transforms dequantized coefficients in natural (row-major) order into samples at {@code out[offset]}. */
    void transform(int[] in, short[] out, int offset, int stride) {
        int[] ws = workspace;
        int shift1 = CONST_BITS - pass1Bits;
        int round1 = 1 << (shift1 - 1);
        for (int col = 0; col < 8; col++) {
            if ((in[8 + col] | in[16 + col] | in[24 + col] | in[32 + col] | in[40 + col] | in[48 + col]
                    | in[56 + col]) == 0) {
                int dc = in[col] << pass1Bits;
                for (int row = 0; row < 64; row += 8) {
                    ws[row + col] = dc;
                }
                continue;
            }
            // Even part.
            int z2 = in[16 + col];
            int z3 = in[48 + col];
            int z1 = (z2 + z3) * F0_541;
            int tmp2 = z1 - z3 * F1_847;
            int tmp3 = z1 + z2 * F0_765;
            int tmp0 = (in[col] + in[32 + col]) << CONST_BITS;
            int tmp1 = (in[col] - in[32 + col]) << CONST_BITS;
            int tmp10 = tmp0 + tmp3;
            int tmp13 = tmp0 - tmp3;
            int tmp11 = tmp1 + tmp2;
            int tmp12 = tmp1 - tmp2;
            // Odd part.
            int o0 = in[56 + col];
            int o1 = in[40 + col];
            int o2 = in[24 + col];
            int o3 = in[8 + col];
            int q1 = o0 + o3;
            int q2 = o1 + o2;
            int q3 = o0 + o2;
            int q4 = o1 + o3;
            int q5 = (q3 + q4) * F1_175;
            o0 *= F0_298;
            o1 *= F2_053;
            o2 *= F3_072;
            o3 *= F1_501;
            q1 *= -F0_899;
            q2 *= -F2_562;
            q3 = q3 * -F1_961 + q5;
            q4 = q4 * -F0_390 + q5;
            o0 += q1 + q3;
            o1 += q2 + q4;
            o2 += q2 + q3;
            o3 += q1 + q4;
            ws[col] = (tmp10 + o3 + round1) >> shift1;
            ws[56 + col] = (tmp10 - o3 + round1) >> shift1;
            ws[8 + col] = (tmp11 + o2 + round1) >> shift1;
            ws[48 + col] = (tmp11 - o2 + round1) >> shift1;
            ws[16 + col] = (tmp12 + o1 + round1) >> shift1;
            ws[40 + col] = (tmp12 - o1 + round1) >> shift1;
            ws[24 + col] = (tmp13 + o0 + round1) >> shift1;
            ws[32 + col] = (tmp13 - o0 + round1) >> shift1;
        }
        int shift2 = CONST_BITS + pass1Bits + 3;
        // Adding the level shift before descaling folds it into the one rounding step.
        int bias2 = (1 << (shift2 - 1)) + (center << shift2);
        for (int r = 0, o = offset; r < 64; r += 8, o += stride) {
            if ((ws[r + 1] | ws[r + 2] | ws[r + 3] | ws[r + 4] | ws[r + 5] | ws[r + 6] | ws[r + 7]) == 0) {
                short v = (short) clamp(((ws[r] + (1 << (pass1Bits + 2))) >> (pass1Bits + 3)) + center);
                for (int i = 0; i < 8; i++) {
                    out[o + i] = v;
                }
                continue;
            }
            int z2 = ws[r + 2];
            int z3 = ws[r + 6];
            int z1 = (z2 + z3) * F0_541;
            int tmp2 = z1 - z3 * F1_847;
            int tmp3 = z1 + z2 * F0_765;
            int tmp0 = (ws[r] + ws[r + 4]) << CONST_BITS;
            int tmp1 = (ws[r] - ws[r + 4]) << CONST_BITS;
            int tmp10 = tmp0 + tmp3 + bias2;
            int tmp13 = tmp0 - tmp3 + bias2;
            int tmp11 = tmp1 + tmp2 + bias2;
            int tmp12 = tmp1 - tmp2 + bias2;
            int o0 = ws[r + 7];
            int o1 = ws[r + 5];
            int o2 = ws[r + 3];
            int o3 = ws[r + 1];
            int q1 = o0 + o3;
            int q2 = o1 + o2;
            int q3 = o0 + o2;
            int q4 = o1 + o3;
            int q5 = (q3 + q4) * F1_175;
            o0 *= F0_298;
            o1 *= F2_053;
            o2 *= F3_072;
            o3 *= F1_501;
            q1 *= -F0_899;
            q2 *= -F2_562;
            q3 = q3 * -F1_961 + q5;
            q4 = q4 * -F0_390 + q5;
            o0 += q1 + q3;
            o1 += q2 + q4;
            o2 += q2 + q3;
            o3 += q1 + q4;
            out[o] = (short) clamp((tmp10 + o3) >> shift2);
            out[o + 7] = (short) clamp((tmp10 - o3) >> shift2);
            out[o + 1] = (short) clamp((tmp11 + o2) >> shift2);
            out[o + 6] = (short) clamp((tmp11 - o2) >> shift2);
            out[o + 2] = (short) clamp((tmp12 + o1) >> shift2);
            out[o + 5] = (short) clamp((tmp12 - o1) >> shift2);
            out[o + 3] = (short) clamp((tmp13 + o0) >> shift2);
            out[o + 4] = (short) clamp((tmp13 - o0) >> shift2);
        }
    }

    private int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, maxSample);
    }
}
