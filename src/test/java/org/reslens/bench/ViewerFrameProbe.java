package org.reslens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.reslens.ui.AppPaths;
import org.reslens.ui.Viewer;
import org.reslens.ui.ViewerOptions;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.RenderedFrame;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.Layout;
import org.reslens.ui.workspace.WorkspaceViewModel;

/**
 * Frame-time probe of the viewer on a 300-slice 512x512 CT series, in the real window (run it under Xvfb or on a
 * desktop):
 *
 * <pre>
 *   xvfb-run -a -s "-screen 0 1600x1000x24" java -Xmx1g -XX:G1HeapRegionSize=8m \
 *       -cp "target/test-classes:target/classes:$(cat cp.txt)" org.reslens.bench.ViewerFrameProbe [DIR] [SLICES]
 * </pre>
 *
 * It measures what the issue asks for: time from "open" to the first slice on screen (from the folder, which includes
 * indexing, and from the browser with a cold cache); holding the Down key (slices per second, and the FX thread's CPU
 * time per frame interval); a window/level drag (time from each mouse event to the frame rendered with its window);
 * and the heap the decoded series holds against its raw pixel bytes. On a shared, loaded machine wall-clock figures
 * stretch, so the per-frame FX-thread work is reported as that thread's CPU time (ThreadMXBean), which other
 * processes do not inflate. The series is written once into DIR (default /tmp/reslens-bench/viewer-300).
 */
public final class ViewerFrameProbe {
    private static final double FRAME_MS = 1000.0 / 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Per-pulse FX-thread CPU and wall intervals, recorded by an AnimationTimer. */
    private static final class Pulses extends AnimationTimer {
        final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        long lastCpu = -1;
        long lastWall;
        long lastRenderCpu = -1;
        long renderThread = -1;
        volatile boolean recording;

        @Override
        public void handle(long now) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            if (renderThread < 0) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith("QuantumRenderer")) {
                        renderThread = t.getId();
                    }
                }
            }
            long rcpu = renderThread < 0 ? 0 : THREADS.getThreadCpuTime(renderThread);
            if (recording && lastCpu >= 0) {
                samples.add(new long[] {wall, cpu - lastCpu, wall - lastWall, rcpu - lastRenderCpu});
            }
            lastCpu = cpu;
            lastWall = wall;
            lastRenderCpu = rcpu;
        }

        List<long[]> take() {
            synchronized (samples) {
                List<long[]> s = new ArrayList<>(samples);
                samples.clear();
                return s;
            }
        }
    }

    private ViewerFrameProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/reslens-bench/viewer-300");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        long t = System.nanoTime();
        ViewerFrameProbeSeries.ensure(dir, n);
        System.out.printf(Locale.ROOT, "series: %d slices of 512x512 int16 in %s (%.1f s to prepare)%n", n, dir,
                (System.nanoTime() - t) / 1e9);
        Path home = Files.createTempDirectory("reslens-probe");
        CompletableFuture<Viewer> started = new CompletableFuture<>();
        Pulses pulses = new Pulses();
        Platform.startup(() -> {
            Viewer v = Viewer.create(new ViewerOptions(List.of(), false, false, Layout.ONE, null),
                    new AppPaths(home, home.resolve("config")));
            v.show(new Stage());
            pulses.start();
            started.complete(v);
        });
        Viewer viewer = started.get(60, TimeUnit.SECONDS);
        WorkspaceViewModel ws = viewer.workspace();
        ViewportViewModel vp = ws.activeViewport();
        Map<String, Long> marks = new ConcurrentHashMap<>();
        fx(() -> vp.frameProperty().addListener((o, a, f) -> marks.putIfAbsent("frame", System.nanoTime())));
        sleep(1500);
        long heapBefore = usedHeap();

        // 1. Open the folder: index 300 headers, then the middle slice first.
        long t0 = get(System::nanoTime);
        fx(() -> ws.open(List.of(dir)));
        waitFor(60, () -> vp.frameProperty().get() != null);
        long firstFrame = marks.get("frame");
        long firstPulse = nextPulse(pulses, firstFrame);
        waitFor(120, () -> vp.loadedCountProperty().get() == n);
        long allLoaded = System.nanoTime();
        System.out.printf(Locale.ROOT, "open folder -> first slice rendered %.0f ms, on screen (next pulse) %.0f ms;"
                + " all %d decoded after %.1f s%n", ms(firstFrame - t0), ms(firstPulse - t0), n,
                (allLoaded - t0) / 1e9);

        // 2. Memory of the decoded series against its raw pixel bytes.
        long raw = (long) n * 512 * 512 * 2;
        long heapAfter = usedHeap();
        var stats = viewer.store().stats();
        System.out.printf(Locale.ROOT, "memory: raw pixels %.1f MB; cache holds %.1f MB (%.3fx raw); heap grew %.1f MB"
                        + " (%.3fx raw)%n", raw / 1e6, stats.retainedBytes() / 1e6, stats.retainedBytes() / (double) raw,
                (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / (double) raw);

        // 3. Open from the browser with a cold cache (indexing already done).
        StackRef ref = get(() -> vp.stackProperty().get());
        fx(() -> {
            ws.viewports().get(0).close();
            viewer.store().clear();
        });
        sleep(1000);
        marks.remove("frame");
        long t1 = get(() -> {
            long now = System.nanoTime();
            ws.openStack(ref, 0);
            return now;
        });
        waitFor(30, () -> vp.frameProperty().get() != null);
        long f1 = marks.get("frame");
        System.out.printf(Locale.ROOT, "open series from browser (cold cache) -> first slice rendered %.0f ms, on"
                + " screen %.0f ms%n", ms(f1 - t1), ms(nextPulse(pulses, f1) - t1));
        waitFor(120, () -> vp.loadedCountProperty().get() == n);

        // 3b. Open the folder again with warm code paths but nothing cached (what a second study costs).
        fx(() -> ws.closeAll());
        sleep(1000);
        marks.remove("frame");
        long t2 = get(() -> {
            long now = System.nanoTime();
            ws.open(List.of(dir));
            return now;
        });
        waitFor(60, () -> vp.frameProperty().get() != null);
        long f2 = marks.get("frame");
        waitFor(60, () -> !ws.indexingProperty().get());
        long indexed2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "open folder again (warm JVM, empty cache) -> first slice rendered %.0f ms, on"
                + " screen %.0f ms; index of %d files complete after %.0f ms%n", ms(f2 - t2),
                ms(nextPulse(pulses, f2) - t2), n, ms(indexed2 - t2));
        waitFor(120, () -> vp.loadedCountProperty().get() == n);

        // 4. Hold the Down key for 4 s from the first slice.
        fx(() -> vp.scrollTo(0));
        sleep(500);
        Node target = get(() -> viewer.view().viewportViews().get(0).imageView());
        List<Long> shown = Collections.synchronizedList(new ArrayList<>());
        List<Long> steps = Collections.synchronizedList(new ArrayList<>());
        fx(() -> vp.frameProperty().addListener((o, a, f) -> shown.add(System.nanoTime())));
        fx(() -> vp.sliceIndexProperty().addListener((o, a, b) -> steps.add(System.nanoTime())));
        pulses.take();
        pulses.recording = true;
        long h0 = get(() -> {
            Event.fireEvent(target, key(KeyEvent.KEY_PRESSED));
            return System.nanoTime();
        });
        sleep(4000);
        long h1 = get(() -> {
            Event.fireEvent(target, key(KeyEvent.KEY_RELEASED));
            return System.nanoTime();
        });
        pulses.recording = false;
        int reached = get(() -> vp.sliceIndexProperty().get());
        List<long[]> hold = pulses.take();
        double seconds = (h1 - h0) / 1e9;
        long framesShown = shown.stream().filter(x -> x >= h0 && x <= h1).count();
        // The steady rate: slices moved from the first repeat (after the 180 ms delay) to the last step taken.
        List<Long> held = steps.stream().filter(x -> x >= h0 && x <= h1).toList();
        double rate = held.size() < 3 ? Double.NaN
                : (reached - 2) / ((held.get(held.size() - 1) - (h0 + 180_000_000L)) / 1e9);
        System.out.printf(Locale.ROOT, "hold Down 4 s: %d slices, %.1f slices/s after the 180 ms repeat delay (by the"
                + " frame clock), %d frames shown (%.1f/s)%n", reached, rate, framesShown, framesShown / seconds);
        report("  FX-thread CPU per frame interval while scrolling", hold);

        // 5. Window/level drag: one mouse event per pulse for 3 s.
        Node stagePane = get(() -> viewer.view().viewportViews().get(0).imageView().getParent());
        long[] eventAt = {0};
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        fx(() -> vp.frameProperty().addListener((o, a, f) -> {
            if (eventAt[0] != 0 && f != null && a != null && !f.voi().equals(a.voi())) {
                latencies.add(ms(System.nanoTime() - eventAt[0]));
                eventAt[0] = 0;
            }
        }));
        double cx = get(() -> stagePane.getLayoutBounds().getWidth() / 2);
        double cy = get(() -> stagePane.getLayoutBounds().getHeight() / 2);
        fx(() -> Event.fireEvent(stagePane, mouse(MouseEvent.MOUSE_PRESSED, cx, cy)));
        int[] step = {0};
        AnimationTimer dragger = new AnimationTimer() {
            @Override
            public void handle(long now) {
                step[0]++;
                double x = cx + 2 * step[0];
                double y = cy + Math.sin(step[0] / 10.0) * 40;
                eventAt[0] = System.nanoTime();
                Event.fireEvent(stagePane, mouse(MouseEvent.MOUSE_DRAGGED, x, y));
            }
        };
        pulses.take();
        pulses.recording = true;
        fx(dragger::start);
        sleep(3000);
        fx(() -> {
            dragger.stop();
            Event.fireEvent(stagePane, mouse(MouseEvent.MOUSE_RELEASED, cx, cy));
        });
        pulses.recording = false;
        sleep(300);
        List<long[]> drag = pulses.take();
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long within = Arrays.stream(lat).filter(x -> x <= FRAME_MS).count();
        System.out.printf(Locale.ROOT, "window/level drag: %d mouse events, %d frames rendered with their window;"
                        + " event -> frame median %.1f ms, p95 %.1f ms, max %.1f ms; %d of %d within one frame (16.7 ms)%n",
                step[0], lat.length, pct(lat, 50), pct(lat, 95), pct(lat, 100), within, lat.length);
        report("  FX-thread CPU per frame interval while dragging", drag);
        RenderedFrame f = get(() -> vp.frameProperty().get());
        System.out.printf(Locale.ROOT, "last render thread time per slice: %.2f ms%n", f.renderNanos() / 1e6);

        fx(() -> {
            viewer.close();
            Platform.exit();
        });
        System.exit(0);
    }

    private static void report(String what, List<long[]> samples) {
        double[] cpu = samples.stream().mapToDouble(s -> s[1] / 1e6).sorted().toArray();
        double[] wall = samples.stream().mapToDouble(s -> s[2] / 1e6).sorted().toArray();
        double[] render = samples.stream().mapToDouble(s -> s[3] / 1e6).sorted().toArray();
        long over = Arrays.stream(cpu).filter(x -> x > FRAME_MS).count();
        System.out.printf(Locale.ROOT, "%s: %d intervals, mean %.2f ms, p99 %.2f ms, max %.2f ms, %d over 16.7 ms;"
                        + " wall interval median %.1f ms, max %.1f ms; Prism render thread CPU per interval median"
                        + " %.1f ms, max %.1f ms%n", what, cpu.length,
                Arrays.stream(cpu).average().orElse(0), pct(cpu, 99), pct(cpu, 100), over, pct(wall, 50),
                pct(wall, 100), pct(render, 50), pct(render, 100));
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long nextPulse(Pulses p, long after) throws InterruptedException {
        // The frame is on screen once the next pulse has synced it; the probe's timer runs at each pulse.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (p.lastWall > after) {
                return p.lastWall;
            }
            Thread.sleep(1);
        }
        return after;
    }

    private static KeyEvent key(javafx.event.EventType<KeyEvent> type) {
        return new KeyEvent(type, "", "", KeyCode.DOWN, false, false, false, false);
    }

    private static MouseEvent mouse(javafx.event.EventType<MouseEvent> type, double x, double y) {
        return new MouseEvent(type, x, y, x, y, MouseButton.PRIMARY, 1, false, false, false, false, true, false, false,
                false, false, false, null);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void fx(Runnable r) {
        get(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T get(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(int seconds, BooleanSupplier c) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!get(c::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            sleep(5);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
