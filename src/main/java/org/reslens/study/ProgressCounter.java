package org.reslens.study;

/** Progress counts, reported under one lock so that listeners see them in order. */
final class ProgressCounter {
    private final IndexListener listener;
    private int seen;
    private int indexed;
    private int failed;

    ProgressCounter(IndexListener listener) {
        this.listener = listener;
    }

    synchronized void seen() {
        seen++;
        report();
    }

    synchronized void indexed() {
        indexed++;
        report();
    }

    synchronized void failed() {
        failed++;
        report();
    }

    synchronized IndexListener.Progress snapshot() {
        return new IndexListener.Progress(seen, indexed, failed);
    }

    private void report() {
        listener.progress(new IndexListener.Progress(seen, indexed, failed));
    }
}
