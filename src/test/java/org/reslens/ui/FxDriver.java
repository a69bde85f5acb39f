package org.reslens.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Runs steps on the FX thread from a test or tour thread and waits for conditions the UI reaches asynchronously. */
public final class FxDriver {
    private FxDriver() {
    }

    /** Runs {@code r} on the FX thread and waits for it. */
    public static void fx(Runnable r) {
        get(() -> {
            r.run();
            return null;
        });
    }

    /** Hides a test's viewer window and closes the viewer (its workers and model sessions); null: nothing to do. */
    public static void closeViewer(Viewer viewer) {
        if (viewer != null) {
            fx(() -> {
                viewer.view().getScene().getWindow().hide();
                viewer.close();
            });
        }
    }

    /** Evaluates {@code s} on the FX thread and returns its value. */
    public static <T> T get(Supplier<T> s) {
        if (Platform.isFxApplicationThread()) {
            return s.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("FX step failed", e);
        }
    }

    /** Waits until {@code condition} (evaluated on the FX thread) holds; fails after {@code seconds}. */
    public static void waitFor(String what, double seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (get(condition::getAsBoolean)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
