package org.reslens.ui.viewport;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.text.TextAlignment;

/**
 * Text drawn over the image: the four corner annotations, the orientation letters at the edges and the scale bar.
 * Mouse-transparent; laid out by hand at the pane's edges.
 */
final class AnnotationLayer extends Pane {
    private static final double MARGIN = 6;

    private final Label topLeft = corner(Pos.TOP_LEFT, TextAlignment.LEFT);
    private final Label topRight = corner(Pos.TOP_RIGHT, TextAlignment.RIGHT);
    private final Label bottomLeft = corner(Pos.BOTTOM_LEFT, TextAlignment.LEFT);
    private final Label bottomRight = corner(Pos.BOTTOM_RIGHT, TextAlignment.RIGHT);
    private final Label north = letter();
    private final Label south = letter();
    private final Label west = letter();
    private final Label east = letter();
    private final Line bar = new Line();
    private final Line barLeftTick = new Line();
    private final Line barRightTick = new Line();
    private final Label barLabel = new Label();
    private ScaleBar scale;
    private boolean cornersVisible = true;

    AnnotationLayer() {
        setMouseTransparent(true);
        getStyleClass().add("annotations");
        for (Line l : new Line[] {bar, barLeftTick, barRightTick}) {
            l.getStyleClass().add("scale-bar");
        }
        barLabel.getStyleClass().add("annotation");
        getChildren().addAll(topLeft, topRight, bottomLeft, bottomRight, north, south, west, east, bar, barLeftTick,
                barRightTick, barLabel);
    }

    private static Label corner(Pos pos, TextAlignment align) {
        Label l = new Label();
        l.getStyleClass().add("annotation");
        l.setAlignment(pos);
        l.setTextAlignment(align);
        return l;
    }

    private static Label letter() {
        Label l = new Label();
        l.getStyleClass().addAll("annotation", "orientation");
        return l;
    }

    void update(CornerText text, OrientationLabels letters, ScaleBar scaleBar, boolean visible) {
        cornersVisible = visible;
        topLeft.setText(text.topLeft());
        topRight.setText(text.topRight());
        bottomLeft.setText(text.bottomLeft());
        bottomRight.setText(text.bottomRight());
        north.setText(letters.top());
        south.setText(letters.bottom());
        west.setText(letters.left());
        east.setText(letters.right());
        scale = scaleBar;
        for (Label l : new Label[] {topLeft, topRight, bottomLeft, bottomRight}) {
            l.setVisible(visible);
        }
        for (Label l : new Label[] {north, south, west, east}) {
            l.setVisible(visible && !l.getText().isEmpty());
        }
        requestLayout();
    }

    /** The texts as shown, for tests and exports. */
    String[] corners() {
        return new String[] {topLeft.getText(), topRight.getText(), bottomLeft.getText(), bottomRight.getText()};
    }

    String[] letters() {
        return new String[] {north.getText(), south.getText(), west.getText(), east.getText()};
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        place(topLeft, MARGIN, MARGIN);
        place(topRight, w - width(topRight) - MARGIN, MARGIN);
        place(bottomLeft, MARGIN, h - height(bottomLeft) - MARGIN);
        place(bottomRight, w - width(bottomRight) - MARGIN, h - height(bottomRight) - MARGIN);
        // In a small viewport the corner texts may reach the middle: the letters then move clear of them.
        double nx = (w - width(north)) / 2;
        double ny = MARGIN;
        for (Label corner : new Label[] {topLeft, topRight}) {
            if (corner.isVisible() && overlapsX(corner, nx, width(north))) {
                ny = Math.max(ny, corner.getLayoutY() + height(corner) + 2);
            }
        }
        place(north, nx, ny);
        double sx = (w - width(south)) / 2;
        double sy = h - height(south) - MARGIN;
        for (Label corner : new Label[] {bottomLeft, bottomRight}) {
            if (corner.isVisible() && overlapsX(corner, sx, width(south))) {
                sy = Math.min(sy, corner.getLayoutY() - height(south) - 2);
            }
        }
        place(south, sx, sy);
        place(west, MARGIN, (h - height(west)) / 2);
        place(east, w - width(east) - MARGIN, (h - height(east)) / 2);
        boolean showBar = cornersVisible && scale != null;
        for (javafx.scene.Node n : new javafx.scene.Node[] {bar, barLeftTick, barRightTick, barLabel}) {
            n.setVisible(showBar);
        }
        if (showBar) {
            double x1 = (w - scale.pixels()) / 2;
            double x2 = x1 + scale.pixels();
            double y = Math.min(h - 34, south.getLayoutY() - 4);
            for (Label corner : new Label[] {bottomLeft, bottomRight}) {
                if (corner.isVisible() && overlapsX(corner, x1 - 30, scale.pixels() + 60)) {
                    y = Math.min(y, corner.getLayoutY() - 6);
                }
            }
            bar.setStartX(x1);
            bar.setEndX(x2);
            bar.setStartY(y);
            bar.setEndY(y);
            tick(barLeftTick, x1, y);
            tick(barRightTick, x2, y);
            barLabel.setText(scale.label());
            place(barLabel, (w - width(barLabel)) / 2, y - height(barLabel) - 1);
        }
    }

    private static boolean overlapsX(Label l, double x, double width) {
        double lx = l.getLayoutX();
        return lx < x + width && x < lx + width(l);
    }

    private static void tick(Line l, double x, double y) {
        l.setStartX(x);
        l.setEndX(x);
        l.setStartY(y - 5);
        l.setEndY(y + 1);
    }

    private static void place(Label l, double x, double y) {
        l.resizeRelocate(Math.round(x), Math.round(y), width(l), height(l));
    }

    private static double width(Label l) {
        return l.prefWidth(-1);
    }

    private static double height(Label l) {
        return l.prefHeight(-1);
    }
}
