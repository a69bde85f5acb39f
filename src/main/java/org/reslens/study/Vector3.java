package org.reslens.study;

/** A point or direction in the patient coordinate system (LPS, millimetres), as DICOM's plane module writes them. */
public record Vector3(double x, double y, double z) {
    public Vector3 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("vector components must be finite: " + x + ", " + y + ", " + z);
        }
    }

    /** The vector of a three-valued attribute, or null when it does not have exactly three finite values. */
    static Vector3 of(double[] values) {
        if (values == null || values.length != 3) {
            return null;
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return new Vector3(values[0], values[1], values[2]);
    }

    public double dot(Vector3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public Vector3 cross(Vector3 o) {
        return new Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    public Vector3 minus(Vector3 o) {
        return new Vector3(x - o.x, y - o.y, z - o.z);
    }

    public double length() {
        return Math.sqrt(dot(this));
    }

    /** This vector scaled to length 1; the zero vector has no direction and is refused. */
    public Vector3 normalized() {
        double len = length();
        if (len == 0) {
            throw new IllegalArgumentException("the zero vector has no direction");
        }
        return new Vector3(x / len, y / len, z / len);
    }
}
