package org.reslens.ui.viewport;

import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.reslens.ui.measure.MeasurementsViewModel;

/**
 * Mouse handling of a viewport: the wheel scrolls slices (with Ctrl it zooms at the pointer); a left-button drag does
 * what the selected {@link Tool} says (window/level by default, Shift fine, Ctrl coarse); the middle button pans and the
 * right button zooms, whatever the tool.
 */
final class ViewportInput {
    /** JavaFX reports one notch of an ordinary wheel as 40 pixels. */
    private static final double NOTCH = 40;

    private enum Drag { NONE, WINDOW, PAN, ZOOM, MEASURE }

    private final ViewportViewModel viewport;
    private final MeasurementsViewModel measurements;
    private final ObjectProperty<Tool> tool;
    private final Runnable activate;
    private final Runnable doubleClick;
    private Drag drag = Drag.NONE;
    private double startX;
    private double startY;
    private double lastX;
    private double lastY;
    private double wheel;

    ViewportInput(ViewportViewModel viewport, MeasurementsViewModel measurements, ObjectProperty<Tool> tool,
                  Runnable activate, Runnable doubleClick) {
        this.viewport = viewport;
        this.measurements = measurements;
        this.tool = tool;
        this.activate = activate;
        this.doubleClick = doubleClick;
    }

    void install(Node target) {
        target.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        target.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        target.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        target.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        target.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && e.isStillSincePress()
                    && !tool.get().measures()) {
                doubleClick.run();
                e.consume();
            }
        });
    }

    private void scrolled(ScrollEvent e) {
        activate.run();
        if (e.isControlDown() || e.isShortcutDown()) {
            viewport.zoomAt(Math.pow(1.1, e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : NOTCH)),
                    e.getX(), e.getY());
        } else {
            // One notch is deltaY / multiplierY (40 / 40 on desktops); touchpads send fractions: add them up.
            wheel += e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : NOTCH);
            int steps = (int) wheel;
            if (steps != 0) {
                wheel -= steps;
                // Wheel towards the user (negative delta) moves to the next slice, as in other viewers.
                viewport.scrollBy(-steps);
            }
        }
        e.consume();
    }

    private void pressed(MouseEvent e) {
        activate.run();
        startX = lastX = e.getX();
        startY = lastY = e.getY();
        Tool t = tool.get();
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && t == Tool.PAN)) {
            drag = Drag.PAN;
        } else if (e.getButton() == MouseButton.SECONDARY || (e.getButton() == MouseButton.PRIMARY && t == Tool.ZOOM)) {
            drag = Drag.ZOOM;
        } else if (e.getButton() == MouseButton.PRIMARY && t.measures()) {
            drag = Drag.MEASURE;
            ViewTransform vt = viewport.transform();
            measurements.begin(shape(t), vt.imageX(e.getX(), e.getY()), vt.imageY(e.getX(), e.getY()));
        } else if (e.getButton() == MouseButton.PRIMARY) {
            drag = Drag.WINDOW;
            viewport.beginWindowDrag();
        } else {
            drag = Drag.NONE;
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        switch (drag) {
            case WINDOW -> viewport.dragWindow(e.getX() - startX, e.getY() - startY, speed(e));
            case PAN -> viewport.panBy(e.getX() - lastX, e.getY() - lastY);
            case ZOOM -> viewport.zoomAt(Math.exp(-(e.getY() - lastY) / 150), startX, startY);
            case MEASURE -> {
                ViewTransform vt = viewport.transform();
                measurements.drag(vt.imageX(e.getX(), e.getY()), vt.imageY(e.getX(), e.getY()));
            }
            default -> { }
        }
        lastX = e.getX();
        lastY = e.getY();
        e.consume();
    }

    private void released(MouseEvent e) {
        if (drag == Drag.WINDOW) {
            viewport.endWindowDrag();
        } else if (drag == Drag.MEASURE) {
            ViewTransform vt = viewport.transform();
            measurements.finish(vt.imageX(e.getX(), e.getY()), vt.imageY(e.getX(), e.getY()));
        }
        drag = Drag.NONE;
        e.consume();
    }

    private static WindowDrag.Speed speed(MouseEvent e) {
        return e.isShiftDown() ? WindowDrag.Speed.FINE
                : e.isControlDown() || e.isShortcutDown() ? WindowDrag.Speed.COARSE : WindowDrag.Speed.NORMAL;
    }

    private static MeasurementsViewModel.Shape shape(Tool t) {
        return switch (t) {
            case RECTANGLE -> MeasurementsViewModel.Shape.RECTANGLE;
            case ELLIPSE -> MeasurementsViewModel.Shape.ELLIPSE;
            default -> MeasurementsViewModel.Shape.DISTANCE;
        };
    }
}
