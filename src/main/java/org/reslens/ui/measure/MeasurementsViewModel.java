package org.reslens.ui.measure;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reslens.imaging.ModalityLut;
import org.reslens.study.PixelSpacing;
import org.reslens.study.SliceAttributes;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * The measurements of one viewport, kept per slice of each stack it has shown: a draft while the mouse draws, the
 * finished ones of the current slice for the view. ROI statistics are computed when a shape is finished, from the
 * slice's decoded pixels (at most the whole slice, a few milliseconds); a slice still loading gets its statistics
 * when the shape is next finished.
 */
public final class MeasurementsViewModel {
    public enum Shape { DISTANCE, RECTANGLE, ELLIPSE }

    private final ViewportViewModel viewport;
    private final Map<String, ObservableList<Measurement>> bySlice = new HashMap<>();
    private final ObservableList<Measurement> current = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Measurement> draft = new ReadOnlyObjectWrapper<>();
    private Shape drawing;
    private double startX;
    private double startY;

    public MeasurementsViewModel(ViewportViewModel viewport) {
        this.viewport = viewport;
        viewport.sliceIndexProperty().addListener((o, a, b) -> refresh());
        viewport.stackProperty().addListener((o, a, b) -> refresh());
    }

    private String key() {
        StackRef s = viewport.stackProperty().get();
        return s == null ? null : s.key() + "@" + viewport.sliceIndexProperty().get();
    }

    private void refresh() {
        String k = key();
        ObservableList<Measurement> list = k == null ? null : bySlice.get(k);
        current.setAll(list == null ? FXCollections.emptyObservableList() : list);
        cancel();
    }

    /** Starts drawing at an image point. */
    public void begin(Shape shape, double x, double y) {
        if (viewport.stackProperty().get() == null) {
            return;
        }
        drawing = shape;
        startX = x;
        startY = y;
        draft.set(make(shape, x, y, x, y, false));
    }

    public void drag(double x, double y) {
        if (drawing != null) {
            draft.set(make(drawing, startX, startY, x, y, false));
        }
    }

    /** Finishes the shape at an image point; a click without a drag draws nothing. */
    public Optional<Measurement> finish(double x, double y) {
        if (drawing == null) {
            return Optional.empty();
        }
        Shape shape = drawing;
        cancel();
        if (Math.abs(x - startX) < 0.5 && Math.abs(y - startY) < 0.5) {
            return Optional.empty();
        }
        Measurement m = make(shape, startX, startY, x, y, true);
        bySlice.computeIfAbsent(key(), k -> FXCollections.observableArrayList()).add(m);
        current.add(m);
        return Optional.of(m);
    }

    public void cancel() {
        drawing = null;
        draft.set(null);
    }

    public void delete(Measurement m) {
        ObservableList<Measurement> list = bySlice.get(key());
        if (list != null) {
            list.remove(m);
        }
        current.remove(m);
    }

    /** Removes every measurement of every slice. */
    public void clearAll() {
        bySlice.clear();
        current.clear();
        cancel();
    }

    public boolean drawing() {
        return drawing != null;
    }

    private Measurement make(Shape shape, double x1, double y1, double x2, double y2, boolean withStats) {
        SliceAttributes a = viewport.currentAttributes();
        PixelSpacing sp = a == null ? null : a.pixelSpacing();
        return switch (shape) {
            case DISTANCE -> new Measurement.Distance(x1, y1, x2, y2, distanceLabel(x1, y1, x2, y2, sp));
            case RECTANGLE, ELLIPSE -> {
                boolean ellipse = shape == Shape.ELLIPSE;
                RoiStatistics stats = withStats ? stats(x1, y1, x2, y2, ellipse, sp) : null;
                String label = stats == null ? "" : stats.describe();
                yield ellipse ? new Measurement.Ellipse(x1, y1, x2, y2, stats, label)
                        : new Measurement.Rectangle(x1, y1, x2, y2, stats, label);
            }
        };
    }

    static String distanceLabel(double x1, double y1, double x2, double y2, PixelSpacing sp) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        if (sp == null) {
            return String.format(Locale.ROOT, "%.1f px", Math.hypot(dx, dy));
        }
        double mm = Math.hypot(dx * sp.betweenColumns(), dy * sp.betweenRows());
        return mm >= 100 ? String.format(Locale.ROOT, "%.1f cm", mm / 10) : String.format(Locale.ROOT, "%.1f mm", mm);
    }

    private RoiStatistics stats(double x1, double y1, double x2, double y2, boolean ellipse, PixelSpacing sp) {
        StackRef s = viewport.stackProperty().get();
        Optional<FrameStore.Loaded> l = viewport.store().peek(viewport.currentSlice());
        if (s == null || l.isEmpty() || l.get().frame().samplesPerPixel() != 1) {
            return null;
        }
        ModalityLut m = l.get().transforms().modality();
        return RoiStatistics.of(l.get().frame(), m, sp, unit(m, s.modality()), x1, y1, x2, y2, ellipse);
    }

    /** The modality LUT's type (Rescale Type), HU for CT when the file does not say. */
    static String unit(ModalityLut m, String modality) {
        String t = m.type() == null ? "" : m.type().strip();
        if (t.isEmpty() && "CT".equals(modality)) {
            return "HU";
        }
        return t.equals("US") ? "" : t;
    }

    public ObservableList<Measurement> current() {
        return current;
    }

    public ReadOnlyObjectProperty<Measurement> draftProperty() {
        return draft.getReadOnlyProperty();
    }
}
