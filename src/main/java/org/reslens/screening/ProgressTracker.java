package org.reslens.screening;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts slices and studies done and tells the listener, at most every {@link #INTERVAL_NANOS}. */
final class ProgressTracker {
    static final long INTERVAL_NANOS = 250_000_000L;

    private final ScreeningListener listener;
    private final long start;
    private final AtomicLong slicesDone = new AtomicLong();
    private final AtomicLong slicesTotal = new AtomicLong();
    private final AtomicInteger studiesDone = new AtomicInteger();
    private final AtomicInteger flagged = new AtomicInteger();
    private final AtomicLong lastReport = new AtomicLong();
    private final int studiesTotal;

    ProgressTracker(ScreeningListener listener, long slicesTotal, int studiesTotal) {
        this.listener = listener;
        this.start = System.nanoTime();
        this.slicesTotal.set(slicesTotal);
        this.studiesTotal = studiesTotal;
        this.lastReport.set(start);
    }

    void sliceDone() {
        slicesDone.incrementAndGet();
        maybeReport();
    }

    /** A stack turned out to be one the model must not see: its slices leave the total. */
    void skipped(int slices) {
        slicesTotal.addAndGet(-slices);
    }

    ScreeningProgress studyDone(boolean isFlagged) {
        studiesDone.incrementAndGet();
        if (isFlagged) {
            flagged.incrementAndGet();
        }
        return snapshot();
    }

    ScreeningProgress snapshot() {
        return new ScreeningProgress(slicesDone.get(), slicesTotal.get(), studiesDone.get(), studiesTotal,
                flagged.get(), System.nanoTime() - start);
    }

    private void maybeReport() {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            listener.progress(snapshot());
        }
    }

    void finalReport() {
        listener.progress(snapshot());
    }
}
