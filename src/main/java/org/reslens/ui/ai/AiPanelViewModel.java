package org.reslens.ui.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.OverlaySource;

/**
 * The AI panel's state and logic: which model, running it over the active stack in the background (progress,
 * cancel, results filling in batch by batch), the scores, "next suspicious slice", and the heatmap style. Results
 * are kept per stack, so every viewport showing an analysed stack gets its overlay and score strip. Call from one
 * thread (the FX thread); {@code ai} runs the model, {@code ui} brings results back.
 */
public final class AiPanelViewModel {
    public static final String DISCLAIMER = "Demonstration only \u2014 not for clinical use.";

    private final Analyzer analyzer;
    private final Executor background;
    private final Executor ai;
    private final Executor ui;
    private final ModelCatalog catalog;

    private final ObservableList<ModelEntry> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelEntry> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<StackRef> stack = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ObservableMap<String, SeriesAnalysis> results = FXCollections.observableHashMap();
    private final ReadOnlyObjectWrapper<SeriesAnalysis> current = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<HeatmapStyle> style = new SimpleObjectProperty<>(HeatmapStyle.DEFAULT);
    private final BooleanProperty autoRun = new SimpleBooleanProperty(true);
    private final ReadOnlyIntegerWrapper overlayVersion = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper modelsLoaded = new ReadOnlyBooleanWrapper();

    private StackRef runningStack;
    private AtomicBoolean cancelFlag;
    private StackRef queued;

    public AiPanelViewModel(ModelCatalog catalog, Analyzer analyzer, Executor background, Executor ai, Executor ui) {
        this.catalog = catalog;
        this.analyzer = analyzer;
        this.background = background;
        this.ai = ai;
        this.ui = ui;
        stack.addListener((o, a, b) -> stackChanged());
        style.addListener((o, a, b) -> overlayVersion.set(overlayVersion.get() + 1));
        results.addListener((javafx.collections.MapChangeListener<String, SeriesAnalysis>) c -> {
            current.set(resultFor(stack.get()));
            overlayVersion.set(overlayVersion.get() + 1);
        });
    }

    /** Loads the model list in the background; the default is preselected when it accepts the active stack. */
    public void loadModels() {
        status.set("Loading models\u2026");
        background.execute(() -> {
            List<ModelEntry> found;
            try {
                found = catalog.discover();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                // Never leave the panel at "Loading models..." forever: the viewer works on without AI.
                ui.execute(() -> {
                    modelsLoaded.set(true);
                    status.set("Models could not be listed: " + e + ". The viewer works without AI.");
                });
                return;
            }
            ui.execute(() -> {
                models.setAll(found);
                modelsLoaded.set(true);
                status.set(found.isEmpty() ? "No models found. Add one with \u201cAdd model\u2026\u201d." : "");
                stackChanged();
            });
        });
    }

    /** Adds a bring-your-own bundle and selects it when it loads. */
    public void addModel(java.nio.file.Path location) {
        catalog.add(location);
        background.execute(() -> {
            ModelEntry e = ModelCatalog.load(location, false);
            ui.execute(() -> {
                models.add(e);
                if (e.bundle() != null) {
                    selected.set(e);
                    status.set("Added " + e.name());
                } else {
                    status.set(e.name() + " cannot be used: " + e.problem());
                }
            });
        });
    }

    private void stackChanged() {
        StackRef s = stack.get();
        current.set(resultFor(s));
        if (!running.get() && modelsLoaded.get()) {
            // The status speaks of the series now active, not of the one before (which may be another modality).
            SeriesAnalysis a = current.get();
            status.set(a != null && a.complete() ? summary(a) : "");
        }
        if (s == null) {
            return;
        }
        preselect(s.modality());
        ModelEntry m = selected.get();
        if (autoRun.get() && m != null && m.accepts(s.modality()) && resultFor(s) == null) {
            run();
        }
    }

    /** Keeps the chosen model if it takes the modality; else the bundled default if it does; else the first that does. */
    void preselect(String modality) {
        ModelEntry m = selected.get();
        if (m != null && m.accepts(modality)) {
            return;
        }
        ModelEntry choice = models.stream().filter(e -> e.bundledDefault() && e.accepts(modality)).findFirst()
                .orElse(models.stream().filter(e -> e.accepts(modality)).findFirst().orElse(null));
        if (choice != null) {
            selected.set(choice);
        } else if (!models.isEmpty()) {
            String why = models.stream().filter(e -> e.bundle() == null && e.bundledDefault()).findFirst()
                    .map(e -> " The bundled model cannot be used: " + e.problem()).orElse("");
            status.set("No model here accepts " + (modality.isEmpty() ? "this series" : modality) + "." + why);
        }
    }

    /** Runs the selected model on the active stack; queued when another run is in progress. */
    public void run() {
        StackRef s = stack.get();
        ModelEntry m = selected.get();
        if (s == null || m == null) {
            status.set(s == null ? "Open a series first." : "Choose a model first.");
            return;
        }
        if (running.get()) {
            if (runningStack != null && !runningStack.key().equals(s.key())) {
                queued = s;
                status.set("Queued after the current run.");
            }
            return;
        }
        start(s, m);
    }

    private void start(StackRef s, ModelEntry m) {
        runningStack = s;
        AtomicBoolean cancel = new AtomicBoolean();
        cancelFlag = cancel;
        running.set(true);
        progress.set(0);
        status.set("Running " + m.name() + " on " + s.title() + "\u2026");
        results.put(s.key(), SeriesAnalysis.started(s.key(), s.study().studyInstanceUid(), m.name(),
                m.explainedClassName(), s.size()));
        List<String> failures = new ArrayList<>();
        ai.execute(() -> {
            List<String> notes;
            String error = null;
            boolean cancelled = false;
            try {
                notes = analyzer.analyse(m, s, new Analyzer.Listener() {
                    @Override
                    public void sliceDone(int index, SliceScore score) {
                        ui.execute(() -> AiPanelViewModel.this.sliceDone(s, index, score));
                    }

                    @Override
                    public void sliceFailed(int index, String reason) {
                        synchronized (failures) {
                            failures.add("Slice " + (index + 1) + ": " + reason);
                        }
                    }
                }, cancel::get);
            } catch (Analyzer.AnalysisException e) {
                notes = List.of();
                error = e.getMessage();
                cancelled = e.cancelled();
            } catch (RuntimeException e) {
                notes = List.of();
                error = "The model failed: " + e;
            }
            List<String> all = new ArrayList<>(notes);
            synchronized (failures) {
                all.addAll(failures);
            }
            String err = error;
            boolean wasCancelled = cancelled;
            ui.execute(() -> finished(s, all, err, wasCancelled));
        });
    }

    private void sliceDone(StackRef s, int index, SliceScore score) {
        SeriesAnalysis a = results.get(s.key());
        if (a != null && index < a.size()) {
            SeriesAnalysis next = a.with(index, score);
            results.put(s.key(), next);
            progress.set((double) next.done() / next.size());
        }
    }

    private void finished(StackRef s, List<String> notes, String error, boolean cancelled) {
        SeriesAnalysis a = results.get(s.key());
        if (error != null && !cancelled && (a == null || a.done() == 0)) {
            results.remove(s.key());
            status.set(error);
        } else if (a != null) {
            results.put(s.key(), a.finished(cancelled || error != null, notes));
            status.set(cancelled ? error : error != null ? error : summary(results.get(s.key())));
        }
        running.set(false);
        runningStack = null;
        cancelFlag = null;
        StackRef next = queued;
        queued = null;
        if (next != null && selected.get() != null && resultFor(next) == null) {
            start(next, selected.get());
        }
    }

    public void cancel() {
        queued = null;
        if (cancelFlag != null) {
            cancelFlag.set(true);
            status.set("Cancelling\u2026");
        }
    }

    private String summary(SeriesAnalysis a) {
        double t = style.get().probabilityThreshold();
        int k = a.suspiciousCount(t);
        return String.format(Locale.ROOT, "Done: %d of %d slices at or above %.2f.", k, a.size(), t);
    }

    /** The next slice of the active stack at or above the threshold, wrapping; empty when none. */
    public OptionalInt nextSuspicious(int from, int direction) {
        SeriesAnalysis a = current.get();
        return a == null ? OptionalInt.empty() : a.nextSuspicious(from, direction, style.get().probabilityThreshold());
    }

    /** The results for a stack (null when it was not analysed, or only a preview of it with fewer slices was). */
    public SeriesAnalysis resultFor(StackRef s) {
        SeriesAnalysis a = s == null ? null : results.get(s.key());
        return a == null || a.size() != s.size() ? null : a;
    }

    /** The highest series score among analysed stacks of the active stack's study; NaN when none. */
    public double studyScore() {
        StackRef s = stack.get();
        if (s == null) {
            return Double.NaN;
        }
        return results.values().stream().filter(a -> a.studyUid() != null
                        && a.studyUid().equals(s.study().studyInstanceUid()) && a.done() > 0)
                .mapToDouble(SeriesAnalysis::seriesScore).max().orElse(Double.NaN);
    }

    /** The overlay of a stack's heatmap for a viewport (reads the latest results and style when it renders). */
    public OverlaySource overlayFor(StackRef s) {
        String key = s.key();
        return new HeatmapOverlay(() -> {
            SeriesAnalysis a = results.get(key);
            return a == null || a.size() != s.size() ? null : new HeatmapOverlay.State(a, style.get());
        });
    }

    public void toggleHeatmap() {
        HeatmapStyle h = style.get();
        style.set(new HeatmapStyle(!h.visible(), h.colourMap(), h.opacity(), h.probabilityThreshold(), h.heatFloor(),
                h.perSeriesScale()));
    }

    public ObservableList<ModelEntry> models() {
        return models;
    }

    public ObjectProperty<ModelEntry> selectedProperty() {
        return selected;
    }

    public ObjectProperty<StackRef> stackProperty() {
        return stack;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SeriesAnalysis> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ObservableMap<String, SeriesAnalysis> results() {
        return results;
    }

    public ObjectProperty<HeatmapStyle> styleProperty() {
        return style;
    }

    public BooleanProperty autoRunProperty() {
        return autoRun;
    }

    /** Changes whenever what an overlay shows may have changed (results or style). */
    public ReadOnlyIntegerProperty overlayVersionProperty() {
        return overlayVersion.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty modelsLoadedProperty() {
        return modelsLoaded.getReadOnlyProperty();
    }
}
