package org.reslens.screening;

/**
 * Where a run stands. Slices count those given to the model (scored or failed); the total shrinks when a stack turns
 * out to be one the model does not accept.
 */
public record ScreeningProgress(long slicesDone, long slicesTotal, int studiesDone, int studiesTotal, int flagged,
                                long elapsedNanos) {
    /** Slices per second so far; 0 before the first. */
    public double rate() {
        return elapsedNanos <= 0 ? 0 : slicesDone / (elapsedNanos / 1e9);
    }

    /** Seconds left at the current rate; -1 when unknown. */
    public double etaSeconds() {
        double r = rate();
        return r <= 0 ? -1 : Math.max(0, slicesTotal - slicesDone) / r;
    }

    public double fraction() {
        return slicesTotal <= 0 ? 1 : Math.min(1, (double) slicesDone / slicesTotal);
    }
}
