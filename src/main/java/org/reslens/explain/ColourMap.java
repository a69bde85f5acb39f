package org.reslens.explain;

import org.reslens.imaging.ArgbBuffer;

/**
 * Colour maps for heatmaps: 256-entry tables of matplotlib's inferno, viridis (perceptually uniform, readable in
 * grayscale and by most colour-blind readers) and jet (familiar from older CAD tools, but not uniform). See
 * {@link ColourMapTables} for the source of the data.
 */
public enum ColourMap {
    INFERNO("inferno", ColourMapTables.INFERNO),
    VIRIDIS("viridis", ColourMapTables.VIRIDIS),
    JET("jet", ColourMapTables.JET);

    private final String term;
    private final int[] table;

    ColourMap(String term, int[] table) {
        if (table.length != 256) {
            throw new IllegalStateException(term + " table has " + table.length + " entries");
        }
        this.term = term;
        this.table = table;
    }

    public String term() {
        return term;
    }

    /** "inferno", "viridis" or "jet", any case; null otherwise. */
    public static ColourMap ofTerm(String term) {
        for (ColourMap m : values()) {
            if (m.term.equalsIgnoreCase(term)) {
                return m;
            }
        }
        return null;
    }

    /** {@code 0xRRGGBB} of a value in 0..1 (clamped; NaN counts as 0). */
    public int rgb(double value) {
        double v = value > 0 ? Math.min(value, 1) : 0;
        return table[(int) Math.round(v * 255)];
    }

    /** The 256 entries, {@code 0xRRGGBB}. */
    public int[] table() {
        return table.clone();
    }

    /** An opaque colour bar, low values at the left (horizontal) or at the bottom (vertical), for legends. */
    public ArgbBuffer bar(int width, int height, boolean vertical) {
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = vertical ? (height == 1 ? 1 : 1 - (double) y / (height - 1))
                        : (width == 1 ? 1 : (double) x / (width - 1));
                px[y * width + x] = 0xFF000000 | rgb(v);
            }
        }
        return new ArgbBuffer(width, height, px);
    }
}
