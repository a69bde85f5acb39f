package org.reslens.ui.measure;

import java.util.Locale;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.ModalityLut;
import org.reslens.study.PixelSpacing;

/**
 * Statistics of the modality values (stored values through the Modality LUT: HU for CT) of the pixels whose centres
 * lie inside a rectangle or an ellipse. SD is the sample standard deviation (n - 1); the area is the shape's own
 * (w x h, or pi a b), in mm² when Pixel Spacing is known, else in pixels.
 *
 * @param unit "HU", another Rescale Type, or "" when the file does not say
 */
public record RoiStatistics(int pixels, double mean, double sd, double min, double max, double area,
                            boolean areaInMm, String unit) {

    /**
     * @param ellipse the ellipse inscribed in the box instead of the box itself
     */
    public static RoiStatistics of(PixelFrame frame, ModalityLut modality, PixelSpacing spacing, String unit,
                                   double x1, double y1, double x2, double y2, boolean ellipse) {
        if (frame.samplesPerPixel() != 1) {
            throw new IllegalArgumentException("ROI statistics need a grayscale frame");
        }
        double left = Math.min(x1, x2);
        double right = Math.max(x1, x2);
        double top = Math.min(y1, y2);
        double bottom = Math.max(y1, y2);
        double cx = (left + right) / 2;
        double cy = (top + bottom) / 2;
        double ax = (right - left) / 2;
        double ay = (bottom - top) / 2;
        int c0 = Math.max(0, (int) Math.floor(left - 0.5));
        int c1 = Math.min(frame.columns() - 1, (int) Math.ceil(right - 0.5));
        int r0 = Math.max(0, (int) Math.floor(top - 0.5));
        int r1 = Math.min(frame.rows() - 1, (int) Math.ceil(bottom - 0.5));
        long n = 0;
        double mean = 0;
        double m2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = r0; r <= r1; r++) {
            double py = r + 0.5;
            if (py < top || py > bottom) {
                continue;
            }
            for (int c = c0; c <= c1; c++) {
                double px = c + 0.5;
                if (px < left || px > right) {
                    continue;
                }
                if (ellipse && ax > 0 && ay > 0) {
                    double u = (px - cx) / ax;
                    double v = (py - cy) / ay;
                    if (u * u + v * v > 1) {
                        continue;
                    }
                }
                double value = modality.apply(frame.sample(r * frame.columns() + c));
                n++;
                double d = value - mean;
                mean += d / n;
                m2 += d * (value - mean);
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        double w = right - left;
        double h = bottom - top;
        double area = ellipse ? Math.PI * (w / 2) * (h / 2) : w * h;
        boolean mm = spacing != null;
        if (mm) {
            area *= spacing.betweenColumns() * spacing.betweenRows();
        }
        if (n == 0) {
            return new RoiStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, area, mm, unit);
        }
        double sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
        return new RoiStatistics((int) n, mean, sd, min, max, area, mm, unit);
    }

    /** Three lines: mean and SD, minimum and maximum, area. */
    public String describe() {
        String u = unit.isEmpty() ? "" : " " + unit;
        String a = areaInMm ? area >= 100 ? String.format(Locale.ROOT, "%.2f cm\u00b2", area / 100)
                : String.format(Locale.ROOT, "%.1f mm\u00b2", area) : String.format(Locale.ROOT, "%.0f px\u00b2", area);
        if (pixels == 0) {
            return "no pixels\nArea " + a;
        }
        return String.format(Locale.ROOT, "Mean %s%s  SD %s%nMin %s  Max %s%nArea %s  (n=%d)", num(mean), u, num(sd),
                num(min), num(max), a, pixels);
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
