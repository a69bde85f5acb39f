package org.reslens.ui.viewport;

import java.util.Locale;
import org.reslens.study.Orientation;
import org.reslens.study.PixelSpacing;
import org.reslens.study.Vector3;

/**
 * The patient directions at the four edges of the viewport, from Image Orientation (Patient) and the current view
 * transform: R/L, A/P, H/F (DICOM's patient coordinates are L, P and H positive). An oblique direction gets up to
 * three letters, strongest first; a direction within about 14 degrees of an axis gets one.
 */
public record OrientationLabels(String top, String bottom, String left, String right) {
    public static final OrientationLabels NONE = new OrientationLabels("", "", "", "");

    /** Components below this fraction of the strongest are left out of an oblique label. */
    static final double MINOR_COMPONENT = 0.25;

    public static OrientationLabels of(Orientation orientation, PixelSpacing spacing, ViewTransform t) {
        if (orientation == null) {
            return NONE;
        }
        double sc = spacing == null ? 1 : spacing.betweenColumns();
        double sr = spacing == null ? 1 : spacing.betweenRows();
        Vector3 right = patientDirection(orientation, t.imageDirection(1, 0), sc, sr);
        Vector3 down = patientDirection(orientation, t.imageDirection(0, 1), sc, sr);
        return new OrientationLabels(label(-down.x(), -down.y(), -down.z()), label(down.x(), down.y(), down.z()),
                label(-right.x(), -right.y(), -right.z()), label(right.x(), right.y(), right.z()));
    }

    private static Vector3 patientDirection(Orientation o, double[] image, double sc, double sr) {
        Vector3 r = o.row();
        Vector3 c = o.column();
        double a = image[0] * sc;
        double b = image[1] * sr;
        return new Vector3(a * r.x() + b * c.x(), a * r.y() + b * c.y(), a * r.z() + b * c.z());
    }

    /** The letters of a patient direction, strongest component first. */
    static String label(double x, double y, double z) {
        double[] mag = {Math.abs(x), Math.abs(y), Math.abs(z)};
        String[] letter = {x >= 0 ? "L" : "R", y >= 0 ? "P" : "A", z >= 0 ? "H" : "F"};
        double max = Math.max(mag[0], Math.max(mag[1], mag[2]));
        if (!(max > 0)) {
            return "";
        }
        Integer[] order = {0, 1, 2};
        java.util.Arrays.sort(order, (i, j) -> Double.compare(mag[j], mag[i]));
        StringBuilder b = new StringBuilder();
        for (int i : order) {
            if (mag[i] >= MINOR_COMPONENT * max) {
                b.append(letter[i]);
            }
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }
}
