package org.reslens.ui.viewport;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs the most recent request only: requests that arrive while one runs replace each other, so a window drag that
 * sends 200 events a second renders as often as the renderer can, never falling behind. At most one task is queued
 * or running on the executor at a time.
 */
final class LatestOnly<T> {
    private final Executor executor;
    private final Consumer<T> work;
    private T pending;
    private boolean running;

    LatestOnly(Executor executor, Consumer<T> work) {
        this.executor = executor;
        this.work = work;
    }

    void submit(T request) {
        synchronized (this) {
            pending = request;
            if (running) {
                return;
            }
            running = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            T next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                work.accept(next);
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    running = false;
                }
                throw e;
            }
        }
    }
}
