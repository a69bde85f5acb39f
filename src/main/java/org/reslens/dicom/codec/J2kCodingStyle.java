package org.reslens.dicom.codec;

/**
 * The per-component part of a COD or COC segment (ISO 15444-1 A.6.1, A.6.2): decomposition levels, code-block
 * size and style, wavelet, and the precinct size exponents of each resolution (15 when none are given).
 */
record J2kCodingStyle(int levels, int cbWidthExp, int cbHeightExp, int cbStyle, boolean reversible, int[] ppx,
                      int[] ppy) {
    /** Code-block style bit of the HT block coder (ISO 15444-15), which this decoder does not implement. */
    static final int STYLE_HT = 0x40;
}
