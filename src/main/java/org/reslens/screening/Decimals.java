package org.reslens.screening;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Fixed-point text of a number, exactly as {@code String.format(Locale.ROOT, "%.Nf", v)} writes it (half-up rounding
 * of the shortest decimal that identifies the double), without a {@link java.util.Formatter}. The reports format
 * thousands of scores and times at every rewrite; Formatter took four times as long per number and, at the start of
 * a run, seconds of the just-in-time compiler's CPU, which on two cores comes out of the model's share.
 */
final class Decimals {
    private Decimals() {
    }

    static String fixed(double v, int places) {
        boolean positiveOrZero = v > 0 && !Double.isInfinite(v) || v == 0 && 1 / v > 0;
        if (!positiveOrZero) {
            // Negative numbers (and -0.0), NaN and infinities keep Formatter's signs and words; reports have none.
            return String.format(Locale.ROOT, "%." + places + "f", v);
        }
        return new BigDecimal(Double.toString(v)).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}
