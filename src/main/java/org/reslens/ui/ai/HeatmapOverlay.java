package org.reslens.ui.ai;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.reslens.explain.GradCam;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.explain.Overlay;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.ui.viewport.OverlaySource;

/**
 * The heatmap of one stack as a viewport overlay: the slice's raw Grad-CAM map normalised (per slice, or on the
 * series' scale once the run is complete), resized to the model-input grid and mapped back onto the slice's own pixel
 * grid through the preprocessing geometry ({@link Overlay#render}). Called on the render thread; the last few
 * overlays are kept, so scrolling back and forth costs nothing.
 */
final class HeatmapOverlay implements OverlaySource {
    /** A consistent view of what to draw, published by the panel on the FX thread. */
    record State(SeriesAnalysis analysis, HeatmapStyle style) {
    }

    private record Key(int slice, SeriesAnalysis analysis, HeatmapStyle style) {
    }

    private static final int KEEP = 12;

    private final Supplier<State> state;
    private final Map<Key, Optional<ArgbBuffer>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Optional<ArgbBuffer>> e) {
            return size() > KEEP;
        }
    };

    HeatmapOverlay(Supplier<State> state) {
        this.state = state;
    }

    @Override
    public Optional<ArgbBuffer> overlay(int sliceIndex) {
        State s = state.get();
        if (s == null || s.analysis() == null || !s.style().visible()) {
            return Optional.empty();
        }
        Key key = new Key(sliceIndex, s.analysis(), s.style());
        synchronized (cache) {
            Optional<ArgbBuffer> hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Optional<ArgbBuffer> o = render(s, sliceIndex);
        synchronized (cache) {
            cache.put(key, o);
        }
        return o;
    }

    @Override
    public boolean ready(int sliceIndex) {
        State s = state.get();
        if (s == null || s.analysis() == null || !s.style().visible()) {
            return true;
        }
        SliceScore score = s.analysis().slice(sliceIndex);
        if (score == null || score.cam() == null || score.probability() < s.style().probabilityThreshold()) {
            return true;
        }
        synchronized (cache) {
            return cache.containsKey(new Key(sliceIndex, s.analysis(), s.style()));
        }
    }

    static Optional<ArgbBuffer> render(State s, int sliceIndex) {
        SliceScore score = s.analysis().slice(sliceIndex);
        if (score == null || score.cam() == null || score.mapping() == null) {
            return Optional.empty();
        }
        Normalisation n = s.style().perSeriesScale() && s.analysis().seriesScale() != null
                ? s.analysis().seriesScale() : Normalisation.perImage();
        Heatmap h = GradCam.heatmap(score.cam(), n, score.mapping().tensorWidth(), score.mapping().tensorHeight());
        return Overlay.render(h, score.probability(), score.mapping(), s.style().overlayStyle());
    }
}
