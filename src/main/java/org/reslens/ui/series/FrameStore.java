package org.reslens.ui.series;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.FrameCache;
import org.reslens.imaging.FrameKey;
import org.reslens.imaging.ImageTransforms;
import org.reslens.study.Location;
import org.reslens.study.Slice;

/**
 * The decoded frames of every open stack, shared by viewports, thumbnails and the AI within one byte budget
 * ({@link FrameCache}: 16-bit data stays 16-bit, least recently used out first), together with each frame's
 * {@link ImageTransforms} (modality LUT, the file's windows, presentation shape, palette, padding), which are read
 * from the same header and kept for as long as the store lives because they are small and equal slices share one.
 *
 * <p>Thread-safe. {@link #load} decodes on the calling thread (never call it on the FX thread); {@link #peek} never
 * decodes.
 */
public final class FrameStore {
    /** A decoded frame and how to display it. */
    public record Loaded(PixelFrame frame, ImageTransforms transforms) {
    }

    private static final int OPEN_HEADERS = 4;

    private final FrameCache<FrameKey> cache;
    private final Map<FrameKey, Slice> slices = new ConcurrentHashMap<>();
    private final Map<FrameKey, ImageTransforms> transforms = new ConcurrentHashMap<>();
    private final Map<ImageTransforms, ImageTransforms> shared = new ConcurrentHashMap<>();
    /** Multi-frame files and zip entries are read once for all their frames, not once per frame. */
    private final Map<Location, DicomFile> openHeaders = new LinkedHashMap<>(8, 0.75f, true);

    public FrameStore(long budgetBytes) {
        this.cache = new FrameCache<>(budgetBytes, this::decode);
    }

    /**
     * What a viewer may keep: 60 % of the heap, less 200 MiB for everything else, never under 64 MiB. A 300-slice
     * 512x512 CT (150 MiB) fits a 1 GiB heap.
     */
    public static long defaultBudget() {
        long max = Runtime.getRuntime().maxMemory();
        return Math.max(64L << 20, Math.min((long) (max * 0.6), max - (200L << 20)));
    }

    /** The cache key of a slice: its file (or {@code archive!/entry}) and 0-based frame. */
    public static FrameKey keyOf(Slice slice) {
        Location loc = slice.location();
        Path p = loc instanceof Location.InFile f ? f.path() : Path.of(loc.toString());
        return new FrameKey(p, slice.frameIndex());
    }

    /** Decodes the slice unless it is cached; blocks, so call it from a background thread. */
    public Loaded load(Slice slice) throws DicomException {
        FrameKey key = keyOf(slice);
        slices.putIfAbsent(key, slice);
        PixelFrame frame = cache.get(key);
        ImageTransforms t = transforms.get(key);
        if (t == null) {
            // Evicted headers are rare (transforms are kept for good); read them again from the file.
            t = readTransforms(slice, header(slice));
        }
        return new Loaded(frame, t);
    }

    /** The slice if it is decoded already; never decodes. */
    public Optional<Loaded> peek(Slice slice) {
        FrameKey key = keyOf(slice);
        ImageTransforms t = transforms.get(key);
        if (t == null) {
            return Optional.empty();
        }
        return cache.getIfPresent(key).map(f -> new Loaded(f, t));
    }

    public FrameCache.Stats stats() {
        return cache.stats();
    }

    public long budgetBytes() {
        return cache.budgetBytes();
    }

    /** Forgets every frame (for tests and for "close all"). */
    public void clear() {
        cache.clear();
        synchronized (openHeaders) {
            openHeaders.clear();
        }
    }

    private PixelFrame decode(FrameKey key) throws DicomException {
        Slice slice = slices.get(key);
        if (slice == null) {
            throw new IllegalStateException("no slice registered for " + key);
        }
        DicomFile df = header(slice);
        readTransforms(slice, df);
        return df.readFrame(slice.frameIndex());
    }

    private ImageTransforms readTransforms(Slice slice, DicomFile df) throws DicomException {
        ImageTransforms t = ImageTransforms.read(df, slice.frameIndex());
        ImageTransforms same = shared.putIfAbsent(t, t);
        t = same != null ? same : t;
        transforms.put(keyOf(slice), t);
        return t;
    }

    private DicomFile header(Slice slice) throws DicomException {
        Location loc = slice.location();
        boolean keep = loc instanceof Location.InZip || slice.frameNumber() > 1;
        if (!keep) {
            return loc.open();
        }
        synchronized (openHeaders) {
            DicomFile df = openHeaders.get(loc);
            if (df != null) {
                return df;
            }
        }
        DicomFile df = loc.open();
        synchronized (openHeaders) {
            openHeaders.put(loc, df);
            if (openHeaders.size() > OPEN_HEADERS) {
                openHeaders.remove(openHeaders.keySet().iterator().next());
            }
        }
        return df;
    }
}
