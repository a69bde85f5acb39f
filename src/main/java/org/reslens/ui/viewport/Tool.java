package org.reslens.ui.viewport;

/** What a left-button drag on the image does. The middle button always pans and the right button always zooms. */
public enum Tool {
    WINDOW("W/L"), PAN("Pan"), ZOOM("Zoom"), DISTANCE("Distance"), RECTANGLE("Rect ROI"), ELLIPSE("Ellipse ROI");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean measures() {
        return this == DISTANCE || this == RECTANGLE || this == ELLIPSE;
    }
}
