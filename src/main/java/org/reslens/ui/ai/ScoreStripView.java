package org.reslens.ui.ai;

import javafx.beans.InvalidationListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * The per-slice score strip beside a viewport's scroll bar: one band per slice from top (first) to bottom (last),
 * dim gray shading with the probability below the threshold and orange to red at or above it, empty where no score
 * exists yet; a white tick marks the slice on screen. Clicking or dragging on it jumps to that slice.
 */
public final class ScoreStripView extends Region {
    static final double WIDTH = 12;

    private final ViewportViewModel viewport;
    private final AiPanelViewModel ai;
    private final Canvas canvas = new Canvas(WIDTH, 100);
    private final Tooltip tip = new Tooltip();

    public ScoreStripView(ViewportViewModel viewport, AiPanelViewModel ai) {
        this.viewport = viewport;
        this.ai = ai;
        getStyleClass().add("score-strip");
        getChildren().add(canvas);
        setMinWidth(WIDTH);
        setPrefWidth(WIDTH);
        setMaxWidth(WIDTH);
        InvalidationListener redraw = o -> draw();
        ai.overlayVersionProperty().addListener(redraw);
        viewport.sliceIndexProperty().addListener(redraw);
        viewport.stackProperty().addListener(redraw);
        heightProperty().addListener(redraw);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::jump);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::jump);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        Tooltip.install(canvas, tip);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(WIDTH);
        canvas.setHeight(getHeight());
        draw();
    }

    private SeriesAnalysis analysis() {
        return ai.resultFor(viewport.stackProperty().get());
    }

    private int sliceAt(double y) {
        int n = viewport.sliceCountProperty().get();
        double h = canvas.getHeight();
        return n == 0 || h <= 0 ? -1 : (int) Math.max(0, Math.min(n - 1, Math.floor(y / h * n)));
    }

    private void jump(MouseEvent e) {
        int i = sliceAt(e.getY());
        if (i >= 0 && analysis() != null) {
            viewport.scrollTo(i);
        }
        e.consume();
    }

    private void hover(MouseEvent e) {
        SeriesAnalysis a = analysis();
        int i = sliceAt(e.getY());
        SliceScore s = a == null ? null : a.slice(i);
        tip.setText(i < 0 ? "" : "Slice " + (i + 1) + (s == null ? ": no score" : String.format(
                java.util.Locale.ROOT, ": p = %.3f", s.probability())));
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.rgb(24, 24, 24));
        g.fillRect(0, 0, w, h);
        SeriesAnalysis a = analysis();
        int n = viewport.sliceCountProperty().get();
        setVisible(a != null);
        setManaged(a != null);
        if (a == null || n == 0 || h <= 0) {
            return;
        }
        double threshold = ai.styleProperty().get().probabilityThreshold();
        double band = h / n;
        for (int i = 0; i < n && i < a.size(); i++) {
            SliceScore s = a.slice(i);
            if (s == null) {
                continue;
            }
            g.setFill(colour(s.probability(), threshold));
            double y = Math.floor(i * band);
            g.fillRect(1, y, w - 2, Math.max(1, Math.floor((i + 1) * band) - y));
        }
        int cur = viewport.sliceIndexProperty().get();
        double y = (cur + 0.5) * band;
        g.setStroke(Color.WHITE);
        g.setLineWidth(2);
        g.strokeLine(0, y, w, y);
    }

    /** Dim gray rising with the probability below the threshold; orange to red at or above it. */
    static Color colour(double p, double threshold) {
        if (p < threshold) {
            double v = 0.22 + 0.3 * (threshold <= 0 ? 0 : p / threshold);
            return Color.gray(v);
        }
        double t = threshold >= 1 ? 1 : (p - threshold) / (1 - threshold);
        return Color.rgb(255, (int) Math.round(165 - 135 * t), 0);
    }
}
