package org.reslens.imaging;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.PixelFrame;

/**
 * Decoded frames kept in memory up to a byte budget, least recently used first out. Frames are kept as decoded
 * (16-bit data stays in a {@code short[]}), so a 300-slice 512x512 CT costs its raw pixel bytes plus a small
 * per-entry overhead. Thread-safe: concurrent requests for the same missing frame wait for one load.
 *
 * <p>Cost accounting: an entry counts {@link PixelFrame#byteSize()} plus {@link #ENTRY_OVERHEAD_BYTES}, an upper
 * estimate of the objects around the samples on a 64-bit JVM with compressed references: the PixelFrame record
 * (~48 bytes), the sample array's header (16), the LinkedHashMap entry (40), a table slot (~8) and a typical key
 * (a record of a path reference and a frame number, 24; paths are shared with the study model). The sum is 136;
 * 160 leaves room for alignment. When the JVM's G1 regions are small enough to make the sample array humongous,
 * the wasted rest of its regions is counted too (see {@link HeapCost}); with 1 MiB regions that doubles the cost of a
 * 512x512 16-bit frame, so run ResLens with {@code -XX:G1HeapRegionSize=8m}.
 *
 * @param <K> what identifies a frame, e.g. {@link FrameKey}
 */
public final class FrameCache<K> {
    /** Estimated bytes an entry costs beyond its samples; see the class comment. */
    public static final long ENTRY_OVERHEAD_BYTES = 160;

    /** Decodes a frame on a miss. */
    @FunctionalInterface
    public interface Loader<K> {
        PixelFrame load(K key) throws DicomException;
    }

    /** Counters since creation. */
    public record Stats(long hits, long misses, long evictions, int entries, long retainedBytes, long budgetBytes) {
    }

    private final long budgetBytes;
    private final Loader<K> loader;
    private final HeapCost heap;
    private final LinkedHashMap<K, PixelFrame> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<K, CompletableFuture<PixelFrame>> loading = new HashMap<>();
    private long retained;
    private long hits;
    private long misses;
    private long evictions;

    public FrameCache(long budgetBytes, Loader<K> loader) {
        this(budgetBytes, loader, HeapCost.current());
    }

    FrameCache(long budgetBytes, Loader<K> loader, HeapCost heap) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must not be negative");
        }
        if (loader == null) {
            throw new IllegalArgumentException("loader required");
        }
        this.budgetBytes = budgetBytes;
        this.loader = loader;
        this.heap = heap;
    }

    /** What an entry holding {@code frame} counts against the budget in this JVM. */
    public long costOf(PixelFrame frame) {
        return frame.byteSize() + ENTRY_OVERHEAD_BYTES + heap.humongousWaste(frame.byteSize());
    }

    /**
     * The frame for {@code key}, loaded on a miss. A frame larger than the whole budget is returned but not kept.
     * A failed load is not remembered: the next request tries again.
     */
    public PixelFrame get(K key) throws DicomException {
        CompletableFuture<PixelFrame> pending;
        boolean mine = false;
        synchronized (this) {
            PixelFrame f = entries.get(key);
            if (f != null) {
                hits++;
                return f;
            }
            misses++;
            pending = loading.get(key);
            if (pending == null) {
                pending = new CompletableFuture<>();
                loading.put(key, pending);
                mine = true;
            }
        }
        if (!mine) {
            return await(pending);
        }
        try {
            PixelFrame f = loader.load(key);
            if (f == null) {
                throw new IllegalStateException("loader returned no frame for " + key);
            }
            synchronized (this) {
                loading.remove(key);
                put(key, f);
            }
            pending.complete(f);
            return f;
        } catch (DicomException | RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(key);
            }
            pending.completeExceptionally(e);
            throw e;
        }
    }

    private static PixelFrame await(CompletableFuture<PixelFrame> pending) throws DicomException {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DicomException d) {
                throw d;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /** The frame if cached, without loading; counts as a use. */
    public synchronized Optional<PixelFrame> getIfPresent(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    private void put(K key, PixelFrame f) {
        long cost = costOf(f);
        if (cost > budgetBytes) {
            return;
        }
        PixelFrame old = entries.put(key, f);
        if (old != null) {
            retained -= costOf(old);
        }
        retained += cost;
        Iterator<Map.Entry<K, PixelFrame>> it = entries.entrySet().iterator();
        while (retained > budgetBytes && it.hasNext()) {
            Map.Entry<K, PixelFrame> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            retained -= costOf(eldest.getValue());
            it.remove();
            evictions++;
        }
    }

    public synchronized void invalidate(K key) {
        PixelFrame old = entries.remove(key);
        if (old != null) {
            retained -= costOf(old);
        }
    }

    public synchronized void clear() {
        entries.clear();
        retained = 0;
    }

    /** Bytes the cached frames count against the budget (samples plus per-entry overhead). */
    public synchronized long retainedBytes() {
        return retained;
    }

    public synchronized int size() {
        return entries.size();
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public synchronized Stats stats() {
        return new Stats(hits, misses, evictions, entries.size(), retained, budgetBytes);
    }
}
