package org.reslens.study;

/**
 * Pixel Spacing (0028,0030) in millimetres: between rows (adjacent pixels of a column) first, between columns second,
 * in the order PS3.3 C.7.6.2.1.1 gives them.
 */
public record PixelSpacing(double betweenRows, double betweenColumns) {
    public PixelSpacing {
        if (!(betweenRows > 0) || !(betweenColumns > 0) || Double.isInfinite(betweenRows)
                || Double.isInfinite(betweenColumns)) {
            throw new IllegalArgumentException("pixel spacing must be positive: " + betweenRows + "\\"
                    + betweenColumns);
        }
    }

    /** The spacing of a two-valued attribute, or null when it is missing or not positive. */
    static PixelSpacing of(double[] values) {
        if (values == null || values.length != 2 || !(values[0] > 0) || !(values[1] > 0)
                || Double.isInfinite(values[0]) || Double.isInfinite(values[1])) {
            return null;
        }
        return new PixelSpacing(values[0], values[1]);
    }
}
