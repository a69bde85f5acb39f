package org.reslens.ui.measure;

import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Ellipse;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.transform.Rotate;
import org.reslens.ui.viewport.ViewTransform;

/**
 * Draws a viewport's measurements in screen coordinates (so lines stay one pixel wide at any zoom), from the image
 * coordinates the view model keeps, through the viewport's current transform. Mouse-transparent.
 */
public final class MeasurementLayer extends Pane {
    private final MeasurementsViewModel model;
    private final Supplier<ViewTransform> transform;

    public MeasurementLayer(MeasurementsViewModel model, Supplier<ViewTransform> transform) {
        this.model = model;
        this.transform = transform;
        setMouseTransparent(true);
        setManaged(false);
        model.current().addListener((ListChangeListener<Measurement>) c -> redraw());
        model.draftProperty().addListener((o, a, b) -> redraw());
    }

    /** Draws everything again; call when the transform changed. */
    public void redraw() {
        getChildren().clear();
        if (model.current().isEmpty() && model.draftProperty().get() == null) {
            return;
        }
        ViewTransform t = transform.get();
        for (Measurement m : model.current()) {
            draw(m, t, false);
        }
        Measurement d = model.draftProperty().get();
        if (d != null) {
            draw(d, t, true);
        }
    }

    private void draw(Measurement m, ViewTransform t, boolean draft) {
        double ax = t.screenX(m.x1(), m.y1());
        double ay = t.screenY(m.x1(), m.y1());
        double bx = t.screenX(m.x2(), m.y2());
        double by = t.screenY(m.x2(), m.y2());
        Node shape;
        double labelX;
        double labelY;
        if (m instanceof Measurement.Distance) {
            shape = new Line(ax, ay, bx, by);
            // Beside the middle of the line, on the side away from the image centre, clear of the end points.
            double len = Math.max(1, Math.hypot(bx - ax, by - ay));
            labelX = (ax + bx) / 2 + 8 * Math.abs(by - ay) / len;
            labelY = (ay + by) / 2 - 8 - 8 * Math.abs(bx - ax) / len;
        } else {
            // Corners of the image-space box, which rotation may turn on screen.
            double cx = t.screenX(m.x2(), m.y1());
            double cy = t.screenY(m.x2(), m.y1());
            double dx = t.screenX(m.x1(), m.y2());
            double dy = t.screenY(m.x1(), m.y2());
            if (m instanceof Measurement.Rectangle) {
                shape = new Polygon(ax, ay, cx, cy, bx, by, dx, dy);
            } else {
                Ellipse e = new Ellipse((ax + bx) / 2, (ay + by) / 2, Math.hypot(cx - ax, cy - ay) / 2,
                        Math.hypot(dx - ax, dy - ay) / 2);
                e.getTransforms().add(new Rotate(Math.toDegrees(Math.atan2(cy - ay, cx - ax)), e.getCenterX(),
                        e.getCenterY()));
                shape = e;
            }
            labelX = Math.max(Math.max(ax, bx), Math.max(cx, dx)) + 6;
            labelY = Math.min(Math.min(ay, by), Math.min(cy, dy));
        }
        shape.getStyleClass().addAll("measurement", draft ? "draft" : "done");
        getChildren().add(shape);
        if (!m.label().isEmpty()) {
            Label l = new Label(m.label());
            l.getStyleClass().add("measurement-label");
            l.relocate(labelX, labelY);
            getChildren().add(l);
        }
    }
}
