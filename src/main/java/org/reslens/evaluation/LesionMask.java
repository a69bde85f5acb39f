package org.reslens.evaluation;

/**
 * A lesion mask on the slice grid: {@code inside[row * width + column]} is true within the lesion. Owns its array.
 */
public record LesionMask(int width, int height, boolean[] inside) {
    public LesionMask {
        if (width < 1 || height < 1 || inside == null || inside.length != (long) width * height) {
            throw new IllegalArgumentException("mask must be width x height");
        }
    }

    public boolean at(int column, int row) {
        return inside[row * width + column];
    }

    /** The number of lesion pixels. */
    public int area() {
        int n = 0;
        for (boolean b : inside) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
