package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The parameters one JPEG-LS scan is coded with (ITU T.87 A.2 and C.2.4.1.1): the largest sample value, the
 * near-lossless bound, the three gradient thresholds and the context reset count. Values an LSE segment leaves at 0
 * take the defaults of T.87 C.2.4.1.1.1, which depend on MAXVAL and on the scan's NEAR.
 */
record JpegLsCodingParameters(int maxval, int near, int t1, int t2, int t3, int reset) {
    static final int DEFAULT_RESET = 64;

    JpegLsCodingParameters {
        if (maxval < 1 || maxval > 0xFFFF || near < 0 || near > Math.min(255, maxval / 2)
                || t1 < near + 1 || t1 > maxval || t2 < t1 || t2 > maxval || t3 < t2 || t3 > maxval
                || reset < 3 || reset > Math.max(255, maxval)) {
            throw new IllegalArgumentException("invalid JPEG-LS coding parameters MAXVAL=" + maxval + " NEAR=" + near
                    + " T1=" + t1 + " T2=" + t2 + " T3=" + t3 + " RESET=" + reset);
        }
    }

    /** The raw values of an LSE type 1 segment; 0 means "use the default". */
    record Preset(int maxval, int t1, int t2, int t3, int reset) {
        static final Preset DEFAULTS = new Preset(0, 0, 0, 0, 0);

        /**
         * How CharLS (through 2.4 at least) applies a preset whose MAXVAL is below 2^P - 1 when RESET is the
         * default: it codes with 2^P - 1 for everything (RANGE, LIMIT, clamping, default thresholds) and takes only
         * explicit thresholds from the preset, yet writes the MAXVAL it was given. Null for any other preset, where
         * T.87's reading is the only one.
         */
        Preset charLsReading(int precision) {
            boolean customMaxval = maxval != 0 && maxval != (1 << precision) - 1;
            boolean defaultReset = reset == 0 || reset == DEFAULT_RESET;
            return customMaxval && defaultReset ? new Preset(0, t1, t2, t3, reset) : null;
        }
    }

    /**
     * Resolves the parameters of a scan from the frame precision, the scan's NEAR and the preset in force.
     *
     * @param offset codestream offset reported if the combination is invalid
     */
    static JpegLsCodingParameters resolve(int precision, int near, Preset preset, long offset) throws DicomException {
        int maxval = preset.maxval() != 0 ? preset.maxval() : (1 << precision) - 1;
        if (maxval > (1 << precision) - 1) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG-LS MAXVAL " + maxval + " exceeds precision "
                    + precision, offset);
        }
        if (near > Math.min(255, maxval / 2)) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG-LS NEAR " + near + " too large for MAXVAL "
                    + maxval, offset);
        }
        int t1;
        int t2;
        int t3;
        // T.87 C.2.4.1.1.1 with BASIC_T1..3 = 3, 7, 21.
        if (maxval >= 128) {
            int factor = (Math.min(maxval, 4095) + 128) >> 8;
            t1 = clampThreshold(factor * (3 - 2) + 2 + 3 * near, near + 1, maxval);
            t2 = clampThreshold(factor * (7 - 3) + 3 + 5 * near, t1, maxval);
            t3 = clampThreshold(factor * (21 - 4) + 4 + 7 * near, t2, maxval);
        } else {
            int factor = 256 / (maxval + 1);
            t1 = clampThreshold(Math.max(2, 3 / factor + 3 * near), near + 1, maxval);
            t2 = clampThreshold(Math.max(3, 7 / factor + 5 * near), t1, maxval);
            t3 = clampThreshold(Math.max(4, 21 / factor + 7 * near), t2, maxval);
        }
        t1 = preset.t1() != 0 ? preset.t1() : t1;
        t2 = preset.t2() != 0 ? preset.t2() : t2;
        t3 = preset.t3() != 0 ? preset.t3() : t3;
        int reset = preset.reset() != 0 ? preset.reset() : DEFAULT_RESET;
        try {
            return new JpegLsCodingParameters(maxval, near, t1, t2, t3, reset);
        } catch (IllegalArgumentException e) {
            throw new DicomException(ErrorKind.MALFORMED, e.getMessage(), offset);
        }
    }

    private static int clampThreshold(int value, int low, int maxval) {
        return value > maxval || value < low ? low : value;
    }

    /** RANGE of T.87 A.2.1: the number of distinct quantized prediction errors. */
    int range() {
        return (maxval + 2 * near) / (2 * near + 1) + 1;
    }

    /** qbpp: bits of an escaped mapped error value. */
    int qbpp() {
        return ceilLog2(range());
    }

    /** LIMIT: the longest Golomb code word in regular mode, from bpp = max(2, ceil(log2(MAXVAL + 1))). */
    int limit() {
        int bpp = Math.max(2, ceilLog2(maxval + 1));
        return 2 * (bpp + Math.max(8, bpp));
    }

    private static int ceilLog2(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
