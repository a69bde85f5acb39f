package org.reslens.study;

/** Asks a running index to stop; checked between files, so a stop takes effect within one file's read. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
