package org.reslens.ui.workspace;

/** How many viewports the window shows, in rows and columns. */
public enum Layout {
    ONE(1, 1, "1\u00d71"), ONE_BY_TWO(1, 2, "1\u00d72"), TWO_BY_TWO(2, 2, "2\u00d72");

    public final int rows;
    public final int columns;
    private final String label;

    Layout(int rows, int columns, String label) {
        this.rows = rows;
        this.columns = columns;
        this.label = label;
    }

    public int viewports() {
        return rows * columns;
    }

    public String label() {
        return label;
    }
}
