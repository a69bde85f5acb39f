package org.reslens.ui.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reslens.study.CancellationToken;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.IndexListener;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.SeriesAnalysis;
import org.reslens.ui.browser.StudyBrowserViewModel;
import org.reslens.ui.measure.MeasurementsViewModel;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.Tool;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * The main window's state and logic: opening inputs (indexed in the background, with progress and cancel), what
 * happens when an index arrives (browser, recent list, one notice for all failures, the first series on screen), the
 * layout and the active viewport, synchronised scrolling, and keeping the AI panel on the active viewport's stack.
 * Call from one thread; {@code background} indexes, {@code ui} brings results back.
 */
public final class WorkspaceViewModel {
    /** What the workspace needs from the application. */
    public record Services(StudyIndexer indexer, Executor background, Executor ui, RecentStudies recent) {
        public Services {
            Objects.requireNonNull(indexer);
            Objects.requireNonNull(background);
            Objects.requireNonNull(ui);
        }
    }


    private final Services services;
    private final StudyBrowserViewModel browser;
    private final AiPanelViewModel ai;
    private final List<ViewportViewModel> viewports;
    private final List<MeasurementsViewModel> measurements;
    private final Synchroniser synchroniser;

    private final ReadOnlyBooleanWrapper indexing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper indexProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ObservableList<RecentStudies.Entry> recent = FXCollections.observableArrayList();
    /** A save or a clear has set the list since start-up (UI thread): the initial load must not overwrite it. */
    private boolean recentChanged;
    private final ObjectProperty<Layout> layout = new SimpleObjectProperty<>(Layout.ONE);
    private final ReadOnlyIntegerWrapper active = new ReadOnlyIntegerWrapper();
    private final BooleanProperty syncScroll = new SimpleBooleanProperty(true);
    private final ReadOnlyIntegerWrapper maximised = new ReadOnlyIntegerWrapper(-1);
    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(Tool.WINDOW);
    private volatile CancellationToken token;
    /** The slice shown while the inputs are indexed; the full series replaces it in place. */
    private final OpeningPreview preview;

    /** @param viewports four viewports; the layout shows the first one, two or four */
    public WorkspaceViewModel(Services services, StudyBrowserViewModel browser, AiPanelViewModel ai,
                              List<ViewportViewModel> viewports) {
        if (viewports.size() != 4) {
            throw new IllegalArgumentException("the workspace has four viewports");
        }
        this.services = services;
        this.browser = browser;
        this.ai = ai;
        this.viewports = List.copyOf(viewports);
        this.measurements = this.viewports.stream().map(MeasurementsViewModel::new).toList();
        this.synchroniser = new Synchroniser(this.viewports, syncScroll, active);
        this.preview = new OpeningPreview(this.viewports, services.ui());
        browser.setOnOpen(s -> openStack(s, active.get()));
        if (services.recent() != null) {
            // Off the FX thread, like the saves: the first JSON use loads a few hundred classes before the window.
            services.background().execute(() -> {
                List<RecentStudies.Entry> loaded = services.recent().load();
                services.ui().execute(() -> {
                    if (!recentChanged) {
                        recent.setAll(loaded);
                    }
                });
            });
        }
        for (ViewportViewModel v : this.viewports) {
            v.stackProperty().addListener((o, a, s) -> {
                v.setOverlay(s == null ? null : ai.overlayFor(s));
                if (v == activeViewport()) {
                    // A one-file preview is not worth a model run: the full series follows in a moment.
                    ai.stackProperty().set(preview.shows(v) ? null : s);
                }
            });
        }
        active.addListener((o, a, b) -> ai.stackProperty().set(activeViewport().stackProperty().get()));
        ai.overlayVersionProperty().addListener((o, a, b) -> {
            for (ViewportViewModel v : this.viewports) {
                if (v.stackProperty().get() != null && ai.resultFor(v.stackProperty().get()) != null) {
                    v.requestRender();
                }
            }
        });
        layout.addListener((o, a, b) -> layoutChanged(b));
        ai.results().addListener((javafx.collections.MapChangeListener<String, SeriesAnalysis>) c -> {
            if (c.wasAdded()) {
                goToPeak(c.getValueAdded());
            }
        });
    }

    /**
     * When a run completes on a stack nobody has scrolled since it opened, shows its most suspicious slice (if it
     * reaches the threshold): the reader lands on the finding instead of the middle of the series.
     */
    private void goToPeak(SeriesAnalysis a) {
        if (!a.complete()) {
            return;
        }
        for (ViewportViewModel v : viewports) {
            StackRef s = v.stackProperty().get();
            if (s != null && s.key().equals(a.stackKey()) && !v.navigated()) {
                a.peakSlice().ifPresent(p -> {
                    if (a.slice(p).probability() >= ai.styleProperty().get().probabilityThreshold()) {
                        v.scrollTo(p);
                    }
                });
            }
        }
    }

    // ---- opening ----

    /** Indexes files, folders, DICOMDIRs and zips in the background and shows the first series found. */
    public void open(List<Path> inputs) {
        if (inputs.isEmpty()) {
            return;
        }
        if (token != null) {
            token.cancel();
        }
        CancellationToken t = new CancellationToken();
        token = t;
        indexing.set(true);
        indexProgress.set(-1);
        status.set("Reading " + describe(inputs) + "\u2026");
        AtomicReference<IndexListener.Progress> latest = new AtomicReference<>();
        AtomicBoolean posted = new AtomicBoolean();
        IndexListener listener = p -> {
            latest.set(p);
            if (posted.compareAndSet(false, true)) {
                services.ui().execute(() -> {
                    posted.set(false);
                    IndexListener.Progress q = latest.get();
                    if (t == token && q != null) {
                        indexProgress.set(q.seen() == 0 ? -1 : (double) q.done() / q.seen());
                        status.set(String.format(Locale.ROOT, "Reading files: %d of %d", q.done(), q.seen()));
                    }
                });
            }
        };
        List<Path> copy = List.copyOf(inputs);
        CountDownLatch previewShown = preview.reset();
        services.background().execute(() -> preview.show(copy, t, previewShown,
                () -> t == token && indexing.get(), active::get));
        services.background().execute(() -> {
            // The first slice first: the index starts once the preview shows (see OpeningPreview).
            OpeningPreview.awaitShown(previewShown);
            try {
                StudyIndex index = services.indexer().index(copy, listener, t);
                services.ui().execute(() -> indexed(index, copy, t));
            } catch (IndexCancelledException e) {
                services.ui().execute(() -> {
                    if (t == token) {
                        indexing.set(false);
                        status.set("Opening cancelled");
                    }
                });
            } catch (RuntimeException e) {
                services.ui().execute(() -> {
                    indexing.set(false);
                    notices.add(Notice.error("Cannot open " + describe(copy), e.toString()));
                });
            }
        });
    }

    public void cancelOpen() {
        if (token != null) {
            token.cancel();
        }
    }

    private void indexed(StudyIndex index, List<Path> inputs, CancellationToken t) {
        if (t != token) {
            return;
        }
        token = null;
        indexing.set(false);
        List<StackRef> added = browser.add(index);
        long images = index.stacks().mapToLong(s -> s.frames()).sum();
        Notice failures = OpenSummary.of(index.failures(), (int) Math.min(Integer.MAX_VALUE, images));
        if (failures != null) {
            notices.add(failures);
        }
        if (index.patients().isEmpty() && failures == null) {
            notices.add(Notice.warning("Nothing to show", "No DICOM images in " + describe(inputs) + "."));
        }
        status.set(String.format(Locale.ROOT, "Opened %d series, %d images%s", index.series().count(), images,
                index.failures().isEmpty() ? "" : ", " + index.failures().size() + " files not readable"));
        if (!added.isEmpty()) {
            remember(inputs, added.get(0));
            List<StackRef> order = readingOrder(added);
            if (!preview.replace(added)) {
                openStack(order.get(0), active.get());
            }
            fillEmptyViewports(order);
        }
    }

    /** Localizers last: a reader starts with the real series. */
    private static List<StackRef> readingOrder(List<StackRef> stacks) {
        List<StackRef> out = new ArrayList<>(stacks.stream().filter(s -> !s.stack().localizer()).toList());
        out.addAll(stacks.stream().filter(s -> s.stack().localizer()).toList());
        return out;
    }

    private void remember(List<Path> inputs, StackRef first) {
        if (services.recent() == null) {
            return;
        }
        String label = org.reslens.ui.viewport.CornerText.patientName(first.patient().patientName()) + " \u2014 "
                + (first.study().studyDescription() == null ? first.modality() : first.study().studyDescription())
                + " " + org.reslens.ui.viewport.CornerText.date(first.study().studyDate());
        // Off the FX thread: a file write, and the first JSON use loads a few hundred classes.
        services.background().execute(() -> {
            try {
                List<RecentStudies.Entry> updated = services.recent().add(inputs, label.strip());
                services.ui().execute(() -> {
                    recentChanged = true;
                    recent.setAll(updated);
                });
            } catch (IOException e) {
                services.ui().execute(() -> notices.add(Notice.warning("Recent studies not saved", e.getMessage())));
            }
        });
    }

    /** Opens a recent entry again. */
    public void openRecent(RecentStudies.Entry e) {
        open(e.paths().stream().map(Path::of).toList());
    }

    public void clearRecent() {
        if (services.recent() != null) {
            try {
                services.recent().clear();
            } catch (IOException e) {
                notices.add(Notice.warning("Recent studies not cleared", e.getMessage()));
            }
        }
        recentChanged = true;
        recent.clear();
    }

    static String describe(List<Path> inputs) {
        if (inputs.size() == 1) {
            Path f = inputs.get(0).getFileName();
            return f == null ? inputs.get(0).toString() : f.toString();
        }
        return inputs.size() + " items";
    }

    // ---- viewports ----

    public void openStack(StackRef stack, int viewport) {
        viewports.get(Math.max(0, Math.min(3, viewport))).open(stack);
    }

    /** Opens the stack with this browser key in a viewport (a drop from the browser). */
    public void openStack(String key, int viewport) {
        browser.find(key).ifPresent(s -> openStack(s, viewport));
    }

    /** Shows viewport {@code index} alone in the layout's space, or the whole layout again (double-click). */
    public void toggleMaximised(int index) {
        if (layout.get().viewports() == 1) {
            return;
        }
        activate(index);
        maximised.set(maximised.get() == index ? -1 : index);
    }

    /** The viewport shown alone, or -1 when the layout shows all its viewports. */
    public ReadOnlyIntegerProperty maximisedProperty() {
        return maximised.getReadOnlyProperty();
    }

    private void layoutChanged(Layout l) {
        maximised.set(-1);
        if (active.get() >= l.viewports()) {
            active.set(0);
        }
        fillEmptyViewports(readingOrder(browser.stacks()));
    }

    /** Visible empty viewports get the next stacks not on screen yet. */
    private void fillEmptyViewports(List<StackRef> candidates) {
        Set<String> shown = new HashSet<>();
        for (ViewportViewModel v : viewports) {
            if (v.stackProperty().get() != null) {
                shown.add(v.stackProperty().get().key());
            }
        }
        int next = 0;
        for (int i = 0; i < layout.get().viewports(); i++) {
            ViewportViewModel v = viewports.get(i);
            if (v.stackProperty().get() != null) {
                continue;
            }
            while (next < candidates.size() && shown.contains(candidates.get(next).key())) {
                next++;
            }
            if (next < candidates.size()) {
                StackRef s = candidates.get(next++);
                shown.add(s.key());
                v.open(s);
            }
        }
    }

    public void activate(int index) {
        if (index >= 0 && index < layout.get().viewports()) {
            active.set(index);
        }
    }

    public ViewportViewModel activeViewport() {
        return viewports.get(active.get());
    }

    public MeasurementsViewModel activeMeasurements() {
        return measurements.get(active.get());
    }

    /** Jumps the active viewport to the next (or previous) suspicious slice. */
    public void nextSuspicious(int direction) {
        ViewportViewModel v = activeViewport();
        ai.nextSuspicious(v.sliceIndexProperty().get(), direction).ifPresentOrElse(v::scrollTo,
                () -> status.set(ai.resultFor(v.stackProperty().get()) == null ? "No AI results for this series"
                        : "No slice reaches the threshold"));
    }

    /** Closes every study: viewports, browser and cached frames. */
    public void closeAll() {
        for (ViewportViewModel v : viewports) {
            v.close();
        }
        for (MeasurementsViewModel m : measurements) {
            m.clearAll();
        }
        browser.clear();
        viewports.get(0).store().clear();
        status.set("Ready");
    }

    public void notify(Notice n) {
        notices.add(n);
    }

    public Executor backgroundExecutor() {
        return services.background();
    }

    public Executor uiExecutor() {
        return services.ui();
    }

    public List<ViewportViewModel> viewports() {
        return viewports;
    }

    public List<MeasurementsViewModel> measurements() {
        return measurements;
    }

    public StudyBrowserViewModel browser() {
        return browser;
    }

    public AiPanelViewModel ai() {
        return ai;
    }

    Synchroniser synchroniser() {
        return synchroniser;
    }

    public ReadOnlyBooleanProperty indexingProperty() {
        return indexing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty indexProgressProperty() {
        return indexProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<Notice> notices() {
        return notices;
    }

    public ObservableList<RecentStudies.Entry> recent() {
        return recent;
    }

    public ObjectProperty<Layout> layoutProperty() {
        return layout;
    }

    public ReadOnlyIntegerProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public BooleanProperty syncScrollProperty() {
        return syncScroll;
    }

    public ObjectProperty<Tool> toolProperty() {
        return tool;
    }
}
