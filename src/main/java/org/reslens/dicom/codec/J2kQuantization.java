package org.reslens.dicom.codec;

/**
 * A QCD or QCC segment (ISO 15444-1 A.6.4, A.6.5): guard bits and, per subband in the order LL, then HL, LH, HH
 * of each level from the lowest resolution up, the exponent and mantissa of the step. Style 0 is no quantisation
 * (exponents only), 1 is scalar derived (one pair for all bands, E.1.1.1), 2 scalar expounded.
 */
record J2kQuantization(int style, int guardBits, int[] exponents, int[] mantissas) {

    int exponent(int band, int levels) {
        if (style == 1) {
            // derived: the LL exponent, one less per level above it (nb counts the band's decomposition level)
            int nb = band == 0 ? levels : levels - (band - 1) / 3;
            return exponents[0] - levels + nb;
        }
        return band < exponents.length ? exponents[band] : -1;
    }

    int mantissa(int band) {
        if (style == 1) {
            return mantissas[0];
        }
        return band < mantissas.length ? mantissas[band] : 0;
    }
}
