package org.reslens.ui.viewport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
import org.reslens.dicom.DicomException;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.VoiFunction;
import org.reslens.imaging.VoiLut;
import org.reslens.study.PixelSpacing;
import org.reslens.study.Slice;
import org.reslens.study.SliceAttributes;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.SeriesHeader;
import org.reslens.ui.series.SlicePrefetcher;
import org.reslens.ui.series.StackRef;

/**
 * The state and logic of one viewport. Call it from one thread (the FX thread in the application, the test thread in
 * tests); decoding runs on {@code background}, rendering on {@code render}, and results come back through {@code ui}
 * (Platform::runLater in the application, a direct executor in tests). It never blocks: a slice that is not decoded
 * yet keeps the previous image on screen with {@link #loadingProperty()} set until it arrives.
 */
public final class ViewportViewModel {
    /** What a viewport needs from the application. */
    public record Services(FrameStore store, Executor background, Executor render, Executor ui, int loadWorkers) {
        public Services {
            Objects.requireNonNull(store);
            Objects.requireNonNull(background);
            Objects.requireNonNull(render);
            Objects.requireNonNull(ui);
        }
    }

    static final long HOLD_DELAY_NANOS = 180_000_000L;
    /**
     * Slices up to this many pixels (1024 x 1024) render on the calling (FX) thread: a table lookup per pixel, about
     * 0.5 ms for 512 x 512, so a scroll step or a window drag shows in the same frame without two thread hops. Larger
     * images, and overlays still to be computed, render on the render thread.
     */
    static final int INLINE_PIXELS = 1024 * 1024;
    /**
     * Slices per second while an arrow key is held, at least: a held key also steps once every frame pulse, and a
     * keyboard that repeats faster than this sets the pace (see {@link HoldRepeat}). A little above the 60 per second
     * the reader is promised (and a 60 Hz screen shows), so a late frame or a clock read between two pulses never
     * leaves the scroll below 60; on screen that skips about one slice in fifteen.
     */
    public static final double HOLD_RATE = 64;

    private final Services services;
    private final RenderTargets targets = new RenderTargets();
    private final SliceRenderer renderer = new SliceRenderer(targets);
    private final SliceRenderer inlineRenderer = new SliceRenderer(targets);
    private final LatestOnly<SliceRenderer.Request> renders;
    private final HoldRepeat hold = new HoldRepeat(HOLD_DELAY_NANOS, HOLD_RATE, true);
    private final ViewportNavigation navigation = new ViewportNavigation(this);

    private final ReadOnlyObjectWrapper<StackRef> stack = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SeriesHeader> header = new ReadOnlyObjectWrapper<>(SeriesHeader.NONE);
    private final ReadOnlyIntegerWrapper sliceIndex = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper sliceCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper loadedCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RenderedFrame> frame = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<VoiLut> userVoi = new SimpleObjectProperty<>();
    private final BooleanProperty invert = new SimpleBooleanProperty();
    private final ObjectProperty<ViewGeometry> geometry = new SimpleObjectProperty<>(ViewGeometry.DEFAULT);
    private final BooleanProperty annotationsVisible = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ObservableList<WindowPreset> presets = FXCollections.observableArrayList();

    private SlicePrefetcher prefetcher;
    /** Read by the render thread to tag its results; bumped on the FX thread by every open and close. */
    private volatile int generation;
    private long sequence;
    private long shownSequence;
    private VoiLut.Window stackAuto;
    private VoiLut.Window dragBase;
    private ImageTransforms presetSource;
    private OverlaySource overlay = OverlaySource.NONE;
    private boolean navigated;
    private double viewWidth;
    private double viewHeight;

    public ViewportViewModel(Services services) {
        this.services = services;
        this.renders = new LatestOnly<>(services.render(), this::renderNow);
        sliceIndex.addListener((o, a, b) -> sliceChanged());
        userVoi.addListener((o, a, b) -> requestRender());
        invert.addListener((o, a, b) -> requestRender());
    }

    // ---- opening ----

    /** Shows a stack, starting at its middle slice (what its thumbnail shows), and starts loading it. */
    public void open(StackRef ref) {
        open(ref, ref.size() / 2);
    }

    public void open(StackRef ref, int startIndex) {
        close();
        int gen = generation;
        stackAuto = null;
        presetSource = null;
        userVoi.set(null);
        invert.set(false);
        geometry.set(ViewGeometry.DEFAULT);
        problem.set("");
        sliceCount.set(ref.size());
        loadedCount.set(0);
        long frameBytes = 2L * ref.stack().rows() * ref.stack().columns();
        prefetcher = new SlicePrefetcher(services.store(), ref.stack().slices(), frameBytes, services.background(),
                Math.max(1, services.loadWorkers()), new Loads(gen));
        presets.setAll(WindowPreset.forSlice(ref.modality(), null));
        // The index first, the stack last: listeners of the stack (the AI panel, synchronisation) may move the
        // slice at once, and must not be overruled by the start index afterwards.
        navigated = false;
        sliceIndex.set(Math.max(0, Math.min(ref.size() - 1, startIndex)));
        stack.set(ref);
        sliceChanged();
        services.background().execute(() -> {
            SeriesHeader h;
            try {
                h = SeriesHeader.read(ref);
            } catch (DicomException | RuntimeException e) {
                h = SeriesHeader.NONE;
            }
            SeriesHeader read = h;
            services.ui().execute(() -> {
                if (gen == generation) {
                    header.set(read);
                }
            });
        });
    }

    /**
     * Shows another stack in place of the current one keeping zoom, pan, rotation, window and inversion: the full
     * series replacing the one-file preview shown while a folder was being indexed.
     */
    public void replace(StackRef ref, int startIndex) {
        ViewGeometry g = geometry.get();
        VoiLut v = userVoi.get();
        boolean inv = invert.get();
        open(ref, startIndex);
        geometry.set(g);
        userVoi.set(v);
        invert.set(inv);
    }

    /** Empties the viewport and stops its loads. */
    public void close() {
        generation++;
        if (prefetcher != null) {
            prefetcher.cancel();
            prefetcher = null;
        }
        hold.release();
        navigation.stopCine();
        stack.set(null);
        header.set(SeriesHeader.NONE);
        frame.set(null);
        loading.set(false);
        sliceCount.set(0);
    }

    private final class Loads implements SlicePrefetcher.Listener {
        private final int gen;

        Loads(int gen) {
            this.gen = gen;
        }

        @Override
        public void loaded(int index, FrameStore.Loaded slice) {
            services.ui().execute(() -> {
                if (gen != generation || prefetcher == null) {
                    return;
                }
                loadedCount.set(prefetcher.loadedCount());
                RenderedFrame f = frame.get();
                if (index == sliceIndex.get() && (f == null || f.sliceIndex() != index || loading.get())) {
                    requestRender();
                }
            });
        }

        @Override
        public void failed(int index, DicomException error) {
            services.ui().execute(() -> {
                if (gen == generation && prefetcher != null) {
                    loadedCount.set(prefetcher.loadedCount());
                    problem.set("Slice " + (index + 1) + ": " + error.userMessage());
                    if (index == sliceIndex.get()) {
                        loading.set(false);
                    }
                }
            });
        }
    }

    // ---- rendering ----

    private void sliceChanged() {
        if (prefetcher != null) {
            prefetcher.focus(sliceIndex.get());
        }
        requestRender();
    }

    /** Renders the current slice again (the overlay or its style changed). */
    public void requestRender() {
        StackRef s = stack.get();
        if (s == null) {
            return;
        }
        int i = sliceIndex.get();
        Optional<FrameStore.Loaded> l = services.store().peek(s.slice(i));
        if (l.isEmpty()) {
            boolean broken = prefetcher != null && prefetcher.broken(i);
            loading.set(!broken);
            if (prefetcher != null && !broken) {
                prefetcher.reload(i);
            }
            return;
        }
        SliceRenderer.Request r = new SliceRenderer.Request(i, l.get(), Optional.ofNullable(userVoi.get()), stackAuto,
                invert.get(), overlay, ++sequence);
        if (l.get().frame().rows() * l.get().frame().columns() <= INLINE_PIXELS && overlay.ready(i)) {
            renderInline(r);
        } else {
            renders.submit(r);
        }
    }

    private void renderInline(SliceRenderer.Request r) {
        try {
            deliver(inlineRenderer.render(r), generation);
        } catch (DicomException | RuntimeException e) {
            problem.set("Slice " + (r.sliceIndex() + 1) + " cannot be shown: "
                    + (e instanceof DicomException d ? d.userMessage() : e.toString()));
            loading.set(false);
        }
    }

    private void renderNow(SliceRenderer.Request r) {
        int gen = generation;
        try {
            RenderedFrame f = renderer.render(r);
            services.ui().execute(() -> deliver(f, gen));
        } catch (DicomException | RuntimeException e) {
            String message = e instanceof DicomException d ? d.userMessage() : e.toString();
            services.ui().execute(() -> {
                if (gen == generation) {
                    problem.set("Slice " + (r.sliceIndex() + 1) + " cannot be shown: " + message);
                    loading.set(false);
                }
            });
        }
    }

    private void deliver(RenderedFrame f, int gen) {
        if (gen != generation || f.sequence() <= shownSequence) {
            targets.discard(f.image().pixels());
            return;
        }
        shownSequence = f.sequence();
        if (stackAuto == null && f.autoWindow() != null) {
            stackAuto = f.autoWindow();
        }
        if (f.transforms() != presetSource) {
            presetSource = f.transforms();
            StackRef s = stack.get();
            presets.setAll(WindowPreset.forSlice(s == null ? null : s.modality(), presetSource));
        }
        loading.set(f.sliceIndex() != sliceIndex.get());
        frame.set(f);
    }

    /** The view put this frame on screen (its buffer must not be drawn into until it retires). */
    public void frameShown(RenderedFrame f) {
        targets.shown(f.image().pixels());
    }

    /** A frame pulse: retired buffers are free again; held keys and cine advance. */
    public void pulse(long nowNanos) {
        targets.pulse();
        navigation.tick(nowNanos);
    }

    public void setOverlay(OverlaySource source) {
        overlay = source == null ? OverlaySource.NONE : source;
        requestRender();
    }

    public void setViewSize(double width, double height) {
        viewWidth = width;
        viewHeight = height;
    }

    // ---- scrolling (details in ViewportNavigation) ----

    public ViewportNavigation navigation() {
        return navigation;
    }

    HoldRepeat hold() {
        return hold;
    }

    /** Moves to slice {@code index}, clamped to the stack. */
    public void scrollTo(int index) {
        int n = sliceCount.get();
        if (n > 0) {
            int i = Math.max(0, Math.min(n - 1, index));
            navigated |= i != sliceIndex.get();
            sliceIndex.set(i);
        }
    }

    /** Whether the slice was changed since the stack was opened (by the reader, cine or synchronisation). */
    public boolean navigated() {
        return navigated;
    }

    public void scrollBy(int delta) {
        scrollTo(sliceIndex.get() + delta);
    }

    // ---- window / level ----

    public void beginWindowDrag() {
        RenderedFrame f = frame.get();
        if (f == null || !f.monochrome()) {
            dragBase = null;
            return;
        }
        dragBase = f.voi() instanceof VoiLut.Window w ? w : f.autoWindow();
    }

    public void dragWindow(double dx, double dy, WindowDrag.Speed speed) {
        if (dragBase != null) {
            userVoi.set(WindowDrag.apply(dragBase, dx, dy, speed));
        }
    }

    public void endWindowDrag() {
        dragBase = null;
    }

    public void applyPreset(WindowPreset p) {
        if (p.kind() == WindowPreset.Kind.AUTO) {
            RenderedFrame f = frame.get();
            VoiLut.Window auto = f != null && f.autoWindow() != null ? f.autoWindow() : stackAuto;
            if (auto != null) {
                userVoi.set(auto);
            }
        } else {
            userVoi.set(p.voi());
        }
    }

    /** Shortcut digit {@code d}: 1..9 pick the presets in list order, 0 the automatic window. */
    public void applyPresetShortcut(int d) {
        List<WindowPreset> fixed = presets.stream().filter(p -> p.kind() != WindowPreset.Kind.AUTO).toList();
        if (d == 0) {
            applyPreset(WindowPreset.AUTO);
        } else if (d >= 1 && d <= fixed.size()) {
            applyPreset(fixed.get(d - 1));
        }
    }

    /** A window typed in by the reader; width below 1 is raised to 1. */
    public void setWindow(double center, double width) {
        if (Double.isFinite(center) && Double.isFinite(width)) {
            userVoi.set(new VoiLut.Window(center, Math.max(1, width), VoiFunction.LINEAR, "MANUAL"));
        }
    }

    /** Back to the file's own window (or the automatic one when it has none). */
    public void resetWindow() {
        userVoi.set(null);
    }

    /** The window on screen now; null before the first frame and for colour images. */
    public VoiLut currentVoi() {
        RenderedFrame f = frame.get();
        return f == null ? null : f.voi();
    }

    // ---- geometry ----

    public ViewTransform transform() {
        StackRef s = stack.get();
        int w = s == null ? 1 : s.stack().columns();
        int h = s == null ? 1 : s.stack().rows();
        return ViewTransform.of(geometry.get(), w, h, aspect(), viewWidth, viewHeight);
    }

    private double aspect() {
        PixelSpacing sp = currentAttributes() == null ? null : currentAttributes().pixelSpacing();
        return sp == null ? 1 : sp.betweenRows() / sp.betweenColumns();
    }

    /** Zooms by {@code factor} keeping the image point under {@code (sx, sy)} where it is. */
    public void zoomAt(double factor, double sx, double sy) {
        ViewTransform t = transform();
        double ix = t.imageX(sx, sy);
        double iy = t.imageY(sx, sy);
        ViewGeometry g = geometry.get().withZoom(t.zoom() * factor, 0, 0);
        geometry.set(g);
        ViewTransform t2 = transform();
        geometry.set(g.withPan(sx - t2.screenX(ix, iy), sy - t2.screenY(ix, iy)));
    }

    public void panBy(double dx, double dy) {
        ViewTransform t = transform();
        ViewGeometry g = geometry.get();
        geometry.set(g.withZoom(t.zoom(), g.panX() + dx, g.panY() + dy));
    }

    public void fit() {
        geometry.set(geometry.get().fit());
    }

    /** One image pixel per screen pixel, centred. */
    public void actualSize() {
        geometry.set(geometry.get().withZoom(1, 0, 0));
    }

    public void rotate(int quarterTurns) {
        geometry.set(geometry.get().rotated(quarterTurns));
    }

    public void flipHorizontal() {
        geometry.set(geometry.get().flippedHorizontally());
    }

    public void flipVertical() {
        geometry.set(geometry.get().flippedVertically());
    }

    public void toggleInvert() {
        invert.set(!invert.get());
    }

    /** Geometry, window and inversion as the file says. */
    public void reset() {
        geometry.set(ViewGeometry.DEFAULT);
        invert.set(false);
        userVoi.set(null);
    }

    // ---- what the view shows ----

    public SliceAttributes currentAttributes() {
        StackRef s = stack.get();
        return s == null ? null : s.slice(sliceIndex.get()).attributes();
    }

    public Slice currentSlice() {
        StackRef s = stack.get();
        return s == null ? null : s.slice(sliceIndex.get());
    }

    public CornerText cornerText(boolean deidentified) {
        return CornerText.of(new CornerText.Input(stack.get(), header.get(), sliceIndex.get(), currentVoi(),
                transform().zoom(), invert.get(), geometry.get(), deidentified));
    }

    public OrientationLabels orientationLabels() {
        SliceAttributes a = currentAttributes();
        return a == null ? OrientationLabels.NONE : OrientationLabels.of(a.orientation(), a.pixelSpacing(), transform());
    }

    public ScaleBar scaleBar() {
        SliceAttributes a = currentAttributes();
        return a == null ? null : ScaleBar.fit(ScaleBar.mmPerScreenPixel(transform(), a.pixelSpacing()), viewWidth);
    }

    public ReadOnlyObjectProperty<StackRef> stackProperty() {
        return stack.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SeriesHeader> headerProperty() {
        return header.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sliceIndexProperty() {
        return sliceIndex.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sliceCountProperty() {
        return sliceCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty loadedCountProperty() {
        return loadedCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RenderedFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ObjectProperty<VoiLut> userVoiProperty() {
        return userVoi;
    }

    public BooleanProperty invertProperty() {
        return invert;
    }

    public ObjectProperty<ViewGeometry> geometryProperty() {
        return geometry;
    }

    public BooleanProperty annotationsVisibleProperty() {
        return annotationsVisible;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ObservableList<WindowPreset> presets() {
        return presets;
    }

    public FrameStore store() {
        return services.store();
    }
}
