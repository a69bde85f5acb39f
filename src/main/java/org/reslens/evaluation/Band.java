package org.reslens.evaluation;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A group of lesion slices scored against all normal slices: lesions whose nominal diameter lies in
 * {@code [minDiameterMm, maxDiameterMm)} and whose contrast lies in {@code [minContrast, maxContrast)}. An infinite
 * bound is open; a lesion without the value a bounded side needs is outside. The bands are those of
 * models/training/evaluate.py, with the same names.
 */
public record Band(String name, double minDiameterMm, double maxDiameterMm, double minContrast, double maxContrast) {
    /** Every lesion. */
    public static final Band ALL = new Band("all", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** The project's goal: lesions of 10 mm or more at 15 % contrast or more. */
    public static final Band GOAL = new Band("goal", 10, Double.POSITIVE_INFINITY, 0.15, Double.POSITIVE_INFINITY);
    /** Diameter bands (the last reaches a little past 40 mm, the largest lesion made). */
    public static final List<Band> SIZES = List.of(size("3-5", 3, 5), size("5-10", 5, 10), size("10-20", 10, 20),
            size("20-40", 20, 40.01));
    /** Contrast bands (the last reaches a little past 60 %, the strongest contrast made). */
    public static final List<Band> CONTRASTS = List.of(contrast("0.05-0.10", 0.05, 0.10),
            contrast("0.10-0.15", 0.10, 0.15), contrast("0.15-0.30", 0.15, 0.30), contrast("0.30-0.60", 0.30, 0.6001));

    public Band {
        if (name == null || name.isBlank() || Double.isNaN(minDiameterMm) || Double.isNaN(maxDiameterMm)
                || Double.isNaN(minContrast) || Double.isNaN(maxContrast) || !(minDiameterMm < maxDiameterMm)
                || !(minContrast < maxContrast)) {
            throw new IllegalArgumentException("band needs a name and non-empty ranges");
        }
    }

    public static Band size(String name, double minMm, double maxMm) {
        return new Band(name, minMm, maxMm, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public static Band contrast(String name, double min, double max) {
        return new Band(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, min, max);
    }

    /** True for a lesion slice inside the band (normal slices belong to every band). */
    public boolean containsLesion(LabelledSlice s) {
        return within(s.diameterMm(), minDiameterMm, maxDiameterMm) && within(s.contrast(), minContrast, maxContrast);
    }

    private static boolean within(OptionalDouble v, double lo, double hi) {
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
            return true;
        }
        return v.isPresent() && v.getAsDouble() >= lo && v.getAsDouble() < hi;
    }
}
