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
 *       -cp "target/test-classes:target/classes:$(cat cp.txt)" org.reslens.bench.ViewerFrameProbe \
 *       [--command-line] [DIR] [SLICES]
 * </pre>
 *
 * It measures what the issue asks for: time from "open" to the first slice on screen (from the folder, which includes
 * indexing, and from the browser with a cold cache; the first open in the JVM after the start-up warm-up, or without it
 * with {@code -Dreslens.warmup=false}, or with {@code --command-line} as an argument while the window is built);
 * holding the Down key with no auto-repeat, with X11's default repeat and with a fast one (slices per second, images
 * per pulse, whether it stops at the release, and the FX thread's CPU time per frame interval); a window/level drag
 * (time from each mouse event to the frame rendered with its window); and the heap the decoded series holds against
 * its raw pixel bytes. On a shared, loaded machine wall-clock figures stretch, so the per-frame FX-thread work is
 * reported as that thread's CPU time (ThreadMXBean), which other processes do not inflate; the load average is printed
 * first. The series is written once into DIR (default /tmp/reslens-bench/viewer-300).
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
        List<String> positional = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean commandLine = Arrays.asList(args).contains("--command-line");
        Path dir = Path.of(positional.size() > 0 ? positional.get(0) : "/tmp/reslens-bench/viewer-300");
        int n = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 300;
        long t = System.nanoTime();
        ViewerFrameProbeSeries.ensure(dir, n);
        System.out.printf(Locale.ROOT, "series: %d slices of 512x512 int16 in %s (%.1f s to prepare); load average"
                + " %.2f on %d cores%n", n, dir, (System.nanoTime() - t) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        Path home = Files.createTempDirectory("reslens-probe");
        CompletableFuture<Viewer> started = new CompletableFuture<>();
        Pulses pulses = new Pulses();
        Map<String, Long> marks = new ConcurrentHashMap<>();
        long launch = System.nanoTime();
        Platform.startup(() -> {
            // --command-line: the folder is an argument, so the viewer opens it while its window is being shown.
            Viewer v = Viewer.create(new ViewerOptions(commandLine ? List.of(dir) : List.of(), false, false,
                    Layout.ONE, null), new AppPaths(home, home.resolve("config")));
            v.workspace().activeViewport().frameProperty().addListener((o, a, f) -> marks.putIfAbsent("frame",
                    System.nanoTime()));
            marks.put("show", System.nanoTime());
            v.show(new Stage());
            pulses.start();
            started.complete(v);
        });
        Viewer viewer = started.get(60, TimeUnit.SECONDS);
        WorkspaceViewModel ws = viewer.workspace();
        ViewportViewModel vp = ws.activeViewport();
        long heapBefore = 0;
        long t0;
        if (commandLine) {
            t0 = marks.get("show");
            System.out.printf(Locale.ROOT, "JavaFX started in %.0f ms; the window is being shown with the folder as"
                    + " its argument%n", ms(t0 - launch));
        } else {
            // The reader chooses a folder a second or more after the window appears; the start-up warm-up runs then.
            long shown = System.nanoTime();
            waitFor(30, viewer::warmedUp);
            long warm = System.nanoTime();
            sleep(1000);
            heapBefore = usedHeap();
            System.out.printf(Locale.ROOT, "window shown %.0f ms after JavaFX started; start-up warm-up %s%n",
                    ms(shown - launch), !Boolean.parseBoolean(System.getProperty("reslens.warmup", "true")) ? "off"
                            : String.format(Locale.ROOT, "done %.0f ms after that", ms(warm - shown)));
            t0 = get(System::nanoTime);
            fx(() -> ws.open(List.of(dir)));
        }

        // 1. Open the folder: the middle file first, then the index of all 300 headers.
        waitFor(60, () -> vp.frameProperty().get() != null);
        long firstFrame = marks.get("frame");
        long firstPulse = nextPulse(pulses, firstFrame);
        waitFor(60, () -> !ws.indexingProperty().get());
        long indexed = System.nanoTime();
        waitFor(120, () -> vp.loadedCountProperty().get() == n);
        long allLoaded = System.nanoTime();
        System.out.printf(Locale.ROOT, "open folder%s -> first slice rendered %.0f ms, on screen (next pulse) %.0f ms;"
                        + " index of %d files complete after %.0f ms; all decoded after %.1f s%n",
                commandLine ? " (command line)" : "", ms(firstFrame - t0), ms(firstPulse - t0), n, ms(indexed - t0),
                (allLoaded - t0) / 1e9);

        // 2. Memory of the decoded series against its raw pixel bytes (not when the open began with the window).
        long raw = (long) n * 512 * 512 * 2;
        var stats = viewer.store().stats();
        if (!commandLine) {
            long heapAfter = usedHeap();
            System.out.printf(Locale.ROOT, "memory: raw pixels %.1f MB; cache holds %.1f MB (%.3fx raw); heap grew"
                            + " %.1f MB (%.3fx raw)%n", raw / 1e6, stats.retainedBytes() / 1e6,
                    stats.retainedBytes() / (double) raw, (heapAfter - heapBefore) / 1e6,
                    (heapAfter - heapBefore) / (double) raw);
        }

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

        // 4. Hold the Down key from the first slice: with no auto-repeat, with X11's default repeat (660 ms, 25/s),
        // and with a keyboard set to repeat faster than the screen (250 ms, 100/s).
        Node target = get(() -> viewer.view().viewportViews().get(0).imageView());
        List<long[]> holds = new ArrayList<>();
        holds.addAll(hold("no auto-repeat", vp, target, pulses, 0, 0, 3000));
        holds.addAll(hold("X11 default repeat, 660 ms then 25/s", vp, target, pulses, 660, 25, 3000));
        holds.addAll(hold("fast repeat, 250 ms then 100/s", vp, target, pulses, 250, 100, 2500));
        report("  FX-thread CPU per frame interval while holding (all three)", holds);

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

    /**
     * Holds Down from the first slice for {@code holdMs}, the keyboard repeating {@code repeatsPerSecond} times a
     * second after {@code repeatDelayMs} (0: no repeat), each repeat a KEY_PRESSED posted to the FX thread at its time
     * as the toolkit would. Prints the steady rate (slices moved from 1 s after the press to the release, over that
     * time), the most images rendered within one pulse, and whether the slice stayed put after the release.
     */
    private static List<long[]> hold(String what, ViewportViewModel vp, Node target, Pulses pulses, long repeatDelayMs,
                                     double repeatsPerSecond, long holdMs) {
        fx(() -> vp.scrollTo(0));
        sleep(500);
        List<Long> rendered = Collections.synchronizedList(new ArrayList<>());
        List<long[]> moves = Collections.synchronizedList(new ArrayList<>());
        javafx.beans.value.ChangeListener<RenderedFrame> onFrame = (o, a, f) -> rendered.add(System.nanoTime());
        javafx.beans.value.ChangeListener<Number> onMove = (o, a, b) -> moves.add(new long[] {System.nanoTime(),
                b.intValue()});
        fx(() -> {
            vp.frameProperty().addListener(onFrame);
            vp.sliceIndexProperty().addListener(onMove);
        });
        pulses.take();
        pulses.recording = true;
        long h0 = get(() -> {
            Event.fireEvent(target, key(KeyEvent.KEY_PRESSED));
            return System.nanoTime();
        });
        long mark = h0 + 1_000_000_000L;
        long end = h0 + holdMs * 1_000_000L;
        long nextRepeat = repeatsPerSecond > 0 ? h0 + repeatDelayMs * 1_000_000L : Long.MAX_VALUE;
        long period = repeatsPerSecond > 0 ? (long) (1e9 / repeatsPerSecond) : Long.MAX_VALUE;
        int repeats = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (now >= nextRepeat) {
                Platform.runLater(() -> Event.fireEvent(target, key(KeyEvent.KEY_PRESSED)));
                repeats++;
                nextRepeat += period;
                continue;
            }
            long wait = Math.min(nextRepeat, end) - now;
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, wait));
        }
        long[] atRelease = get(() -> {
            Event.fireEvent(target, key(KeyEvent.KEY_RELEASED));
            return new long[] {vp.sliceIndexProperty().get(), System.nanoTime()};
        });
        pulses.recording = false;
        sleep(300);
        int after = get(() -> vp.sliceIndexProperty().get());
        fx(() -> {
            vp.frameProperty().removeListener(onFrame);
            vp.sliceIndexProperty().removeListener(onMove);
        });
        List<long[]> intervals = pulses.take();
        // Images rendered between consecutive pulses (the pulse timer records each pulse's wall time).
        int most = 0;
        List<Long> times = new ArrayList<>(rendered);
        for (int i = 1; i < intervals.size(); i++) {
            long from = intervals.get(i - 1)[0];
            long to = intervals.get(i)[0];
            most = (int) Math.max(most, times.stream().filter(x -> x > from && x <= to).count());
        }
        // Each move happens at a pulse and reaches the slice due at that moment, so the rate between the first move
        // after the 1 s mark and the last one before the release is not blurred by where the pulses fall.
        List<long[]> steady = moves.stream().filter(m -> m[0] >= mark && m[0] <= atRelease[1]).toList();
        double rate = steady.size() < 2 ? Double.NaN : (steady.get(steady.size() - 1)[1] - steady.get(0)[1])
                / ((steady.get(steady.size() - 1)[0] - steady.get(0)[0]) / 1e9);
        double pulseRate = intervals.size() / ((atRelease[1] - h0) / 1e9);
        System.out.printf(Locale.ROOT, "hold Down %.1f s, %s: reached slice %d; %.1f slices/s from 1 s to the"
                        + " release; %d repeats sent; %d images rendered, at most %d per pulse; %.1f pulses/s;"
                        + " after the release %s%n", holdMs / 1000.0, what, atRelease[0], rate, repeats,
                times.size(), most, pulseRate, after == atRelease[0] ? "it stopped at once"
                        : "it moved " + (after - atRelease[0]) + " more");
        return intervals;
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
