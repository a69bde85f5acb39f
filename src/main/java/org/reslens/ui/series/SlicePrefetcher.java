package org.reslens.ui.series;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.reslens.dicom.DicomException;
import org.reslens.study.Slice;

/**
 * Loads the slices of one stack in the order a reader wants them: the slice on screen first, then its neighbours
 * outward (ahead of the scroll direction first), as far as the store's budget allows. A new focus re-orders what is
 * still to load at once; a few workers run on the injected executor and stop when nothing is left.
 *
 * <p>Thread-safe. The listener hears each slice from the worker that loaded it.
 */
public final class SlicePrefetcher {
    /** Hears loads from worker threads; keep it short. */
    public interface Listener {
        void loaded(int index, FrameStore.Loaded slice);

        void failed(int index, DicomException error);
    }

    private final FrameStore store;
    private final List<Slice> slices;
    private final Executor executor;
    private final Listener listener;
    private final int workers;
    /** Slices loaded either side of the focus; the whole stack when it fits half the budget. */
    private final int reach;
    private final boolean[] done;
    private final boolean[] inFlight;
    private final boolean[] broken;
    private int focus;
    private int direction = 1;
    private int running;
    private int loaded;
    private boolean cancelled;

    /**
     * @param frameBytes the decoded size of one slice, to size the reach from the store's budget
     */
    public SlicePrefetcher(FrameStore store, List<Slice> slices, long frameBytes, Executor executor, int workers,
                           Listener listener) {
        if (slices.isEmpty() || workers < 1) {
            throw new IllegalArgumentException("a stack with slices and at least one worker is needed");
        }
        this.store = store;
        this.slices = List.copyOf(slices);
        this.executor = executor;
        this.listener = listener;
        this.workers = workers;
        long fitting = store.budgetBytes() / 2 / Math.max(1, frameBytes + 256);
        this.reach = fitting >= slices.size() ? slices.size() : (int) Math.max(2, fitting / 2);
        this.done = new boolean[slices.size()];
        this.inFlight = new boolean[slices.size()];
        this.broken = new boolean[slices.size()];
    }

    /** Puts {@code index} first and its neighbours next; starts workers if idle. */
    public void focus(int index) {
        int start;
        synchronized (this) {
            int clamped = Math.max(0, Math.min(slices.size() - 1, index));
            if (clamped != focus) {
                direction = clamped > focus ? 1 : -1;
            }
            focus = clamped;
            start = cancelled ? 0 : Math.min(workers - running, remaining());
            running += Math.max(0, start);
        }
        for (int i = 0; i < start; i++) {
            launch();
        }
    }

    /** A slice the viewer needed but the store no longer holds: load it again (unless it cannot be decoded). */
    public void reload(int index) {
        synchronized (this) {
            if (index >= 0 && index < done.length && done[index] && !broken[index]) {
                done[index] = false;
                loaded--;
            }
        }
        focus(index);
    }

    /** Stops after the loads in progress; nothing more is loaded. */
    public synchronized void cancel() {
        cancelled = true;
    }

    /** Whether the slice was tried and could not be decoded. */
    public synchronized boolean broken(int index) {
        return index >= 0 && index < broken.length && broken[index];
    }

    /** Slices settled: decoded, or tried and found broken (so a progress bar can finish). */
    public synchronized int loadedCount() {
        return loaded;
    }

    public int size() {
        return slices.size();
    }

    /** How many slices either side of the focus are kept loaded. */
    public int reach() {
        return reach;
    }

    private void launch() {
        try {
            executor.execute(this::work);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running--;
            }
        }
    }

    private void work() {
        while (true) {
            int next;
            synchronized (this) {
                next = cancelled ? -1 : pick();
                if (next < 0) {
                    running--;
                    return;
                }
                inFlight[next] = true;
            }
            try {
                FrameStore.Loaded l = store.load(slices.get(next));
                synchronized (this) {
                    inFlight[next] = false;
                    if (!done[next]) {
                        done[next] = true;
                        loaded++;
                    }
                }
                listener.loaded(next, l);
            } catch (DicomException e) {
                synchronized (this) {
                    inFlight[next] = false;
                    done[next] = true; // a broken slice is reported once, not retried in a loop
                    broken[next] = true;
                    loaded++;
                }
                listener.failed(next, e);
            } catch (RuntimeException e) {
                synchronized (this) {
                    inFlight[next] = false;
                    done[next] = true;
                    broken[next] = true;
                    loaded++;
                }
                listener.failed(next, new DicomException(org.reslens.dicom.ErrorKind.MALFORMED,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), -1));
            }
        }
    }

    /** The nearest slice to the focus within reach that is neither loaded nor loading; -1 when none. */
    private int pick() {
        int n = slices.size();
        for (int d = 0; d <= reach; d++) {
            int ahead = focus + direction * d;
            if (ahead >= 0 && ahead < n && wanted(ahead)) {
                return ahead;
            }
            int behind = focus - direction * d;
            if (d > 0 && behind >= 0 && behind < n && wanted(behind)) {
                return behind;
            }
        }
        return -1;
    }

    /**
     * Not loaded and not loading. When the stack does not fit the budget, slices loaded earlier may have been evicted
     * since, so those within reach are checked against the store again.
     */
    private boolean wanted(int i) {
        if (inFlight[i]) {
            return false;
        }
        if (!done[i]) {
            return true;
        }
        if (!broken[i] && reach < slices.size() && store.peek(slices.get(i)).isEmpty()) {
            done[i] = false;
            loaded--;
            return true;
        }
        return false;
    }

    private int remaining() {
        int count = 0;
        int n = slices.size();
        for (int i = Math.max(0, focus - reach); i <= Math.min(n - 1, focus + reach); i++) {
            if (wanted(i)) {
                count++;
            }
        }
        return count;
    }
}
