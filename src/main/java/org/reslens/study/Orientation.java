package org.reslens.study;

/**
 * Image Orientation (Patient): the direction cosines of the first row and the first column (PS3.3 C.7.6.2.1.1),
 * normalised, and the slice normal they span. Scanners write the cosines with a handful of decimals, so
 * orientations are compared with a tolerance rather than exactly.
 */
public record Orientation(Vector3 row, Vector3 column) {
    /** Row and column must be unit vectors within this and perpendicular within this (as a cosine). */
    private static final double UNIT_TOLERANCE = 1e-3;

    public Orientation {
        if (Math.abs(row.length() - 1) > UNIT_TOLERANCE || Math.abs(column.length() - 1) > UNIT_TOLERANCE) {
            throw new IllegalArgumentException("direction cosines must have length 1: " + row + ", " + column);
        }
        if (Math.abs(row.dot(column)) > UNIT_TOLERANCE) {
            throw new IllegalArgumentException("row and column directions are not perpendicular: " + row + ", "
                    + column);
        }
    }

    /** The orientation of six direction cosines, normalised; null when they do not describe a plane. */
    static Orientation of(double[] cosines) {
        if (cosines == null || cosines.length != 6) {
            return null;
        }
        Vector3 r = Vector3.of(new double[] {cosines[0], cosines[1], cosines[2]});
        Vector3 c = Vector3.of(new double[] {cosines[3], cosines[4], cosines[5]});
        if (r == null || c == null || r.length() < 0.5 || c.length() < 0.5) {
            return null;
        }
        try {
            return new Orientation(r.normalized(), c.normalized());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Row x column: points from one slice to the next in the order positions increase along it. */
    public Vector3 normal() {
        return row.cross(column);
    }

    /** Whether every cosine of the two orientations differs by at most {@code tolerance}. */
    public boolean matches(Orientation o, double tolerance) {
        return close(row, o.row, tolerance) && close(column, o.column, tolerance);
    }

    private static boolean close(Vector3 a, Vector3 b, double tolerance) {
        return Math.abs(a.x() - b.x()) <= tolerance && Math.abs(a.y() - b.y()) <= tolerance
                && Math.abs(a.z() - b.z()) <= tolerance;
    }

    /** The patient plane closest to this one: the axis the normal points along most. */
    public Plane plane() {
        Vector3 n = normal();
        double ax = Math.abs(n.x());
        double ay = Math.abs(n.y());
        double az = Math.abs(n.z());
        double max = Math.max(ax, Math.max(ay, az));
        if (max < Plane.OBLIQUE_BELOW) {
            return Plane.OBLIQUE;
        }
        return max == az ? Plane.AXIAL : max == ax ? Plane.SAGITTAL : Plane.CORONAL;
    }

    /** Named planes, for labels; a tilt of up to about 37 degrees still counts as its nearest plane. */
    public enum Plane {
        AXIAL, CORONAL, SAGITTAL, OBLIQUE;

        static final double OBLIQUE_BELOW = 0.8;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
