package org.reslens.ui.measure;

/**
 * A measurement in image coordinates (pixel edges: pixel (i, j) covers i..i+1, j..j+1), with the text it shows.
 * ROI statistics are computed once when the ROI is drawn and kept with it.
 */
public sealed interface Measurement permits Measurement.Distance, Measurement.Rectangle, Measurement.Ellipse {
    double x1();

    double y1();

    double x2();

    double y2();

    /** What the view writes beside the shape. */
    String label();

    /** A line from (x1, y1) to (x2, y2). */
    record Distance(double x1, double y1, double x2, double y2, String label) implements Measurement {
    }

    /** An axis-aligned rectangle (in image coordinates) with corners (x1, y1) and (x2, y2). */
    record Rectangle(double x1, double y1, double x2, double y2, RoiStatistics stats, String label)
            implements Measurement {
    }

    /** The ellipse inscribed in the rectangle with corners (x1, y1) and (x2, y2). */
    record Ellipse(double x1, double y1, double x2, double y2, RoiStatistics stats, String label)
            implements Measurement {
    }
}
