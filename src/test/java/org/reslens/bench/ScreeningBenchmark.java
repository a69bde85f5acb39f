package org.reslens.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorBuilder;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.ModelSessions;
import org.reslens.inference.RuntimeOptions;
import org.reslens.screening.Screening;
import org.reslens.screening.ScreeningListener;
import org.reslens.screening.ScreeningOptions;
import org.reslens.screening.ScreeningSummary;
import org.reslens.screening.SyntheticCorpus;
import org.reslens.study.CancellationToken;

/**
 * {@code reslens screen} end to end against the model alone, and its memory on a large input.
 *
 * <p>Throughput: on a corpus of {@code throughputStudies} studies, screening end to end (index excluded: read,
 * decode, preprocess, infer, aggregate, key images, reports) in slices per second, against pure inference of the same
 * slices through the same session with the same batch size (tensors built beforehand, untimed). Both are measured in
 * the same JVM, alternating, so load from other processes hits both alike; the ratio is the figure of merit (goal: at
 * least 0.90).
 *
 * <p>Memory: screening of a {@code memoryFiles}-file corpus, with the live heap sampled by a full collection every
 * 2 seconds (G1's young collections leave old garbage in place, so "used after GC" alone overstates what is live),
 * the most heap committed, and the process's peak RSS (VmHWM), against the same on a corpus a tenth the size.
 *
 * <p>Run (after compiling main and test classes):
 * <pre>
 * java -Xmx512m -XX:G1HeapRegionSize=8m -cp CLASSES:TEST_CLASSES:DEPS org.reslens.bench.ScreeningBenchmark \
 *     [model-dir] [work-dir] [memory-files] [throughput-studies] [mode: all|throughput|memory]
 * </pre>
 * Defaults: models/brain-lesion-demo when present (else /tmp/reslens-bench/screening/bench-model, made by
 * {@code make_screening_fixtures.py --bench-model}), work dir /tmp/reslens-bench/screening, 20000 files, 100 studies.
 * With more than {@link Tensors#KEPT} files (e.g. 500 studies, a run long enough for the just-in-time compiler to
 * have finished), pure inference builds its tensors a chunk at a time between timed runs.
 * Corpora are generated into the work dir once (20 slices of 64 x 64 per study) and reused; {@code -Dcorpus=DIR}
 * measures throughput on a given folder instead (e.g. assets/demo), {@code -Drounds}, {@code -Dwarmup},
 * {@code -Dworkers} and {@code -Dbatch} change the defaults (3 rounds after 1 untimed warm-up round, half the cores, 8),
 * and {@code -DintraOpThreads} ONNX Runtime's threads on both sides (default one per core): fewer than the cores
 * stand for a machine on which the model leaves cores free for reading and decoding.
 *
 * <p>Each round runs end to end, then pure inference with scores only (no feature map asked for: the strictest
 * denominator), then pure inference with every feature map returned (what {@code predictAll(..., true, ...)} costs:
 * the figure of merit's denominator, as in issue #6); an end-to-end run is compared with the mean time per slice of
 * the runs with every feature map just before and just after it. Each round prints its ratios and the load average. The CPU time
 * of each phase is broken down by thread from /proc (ONNX Runtime's native threads are named "java"); the pipeline's
 * threads end before the run returns, so {@code -Dthreads=true} samples them every 200 ms during the run (off by
 * default: the sampling costs about 0.04 ms per slice itself).
 */
public final class ScreeningBenchmark {
    static final int SLICES = 20;

    private ScreeningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Path.of(args[0]) : defaultModel();
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/reslens-bench/screening");
        int memoryFiles = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        int throughputStudies = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        String mode = args.length > 4 ? args[4] : "all";
        int workers = Integer.getInteger("workers", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        int batch = Integer.getInteger("batch", ScreeningOptions.DEFAULT_BATCH);
        RuntimeOptions runtime = RuntimeOptions.batch().withSpinning(false);
        runtime = runtime.withIntraOpThreads(Integer.getInteger("intraOpThreads", runtime.intraOpThreads()));
        System.out.printf(Locale.ROOT, "model %s, %d cores, ONNX Runtime intra-op threads %d, workers %d, batch %d, "
                + "max heap %d MiB%n", model, Runtime.getRuntime().availableProcessors(), runtime.intraOpThreads(),
                workers, batch, Runtime.getRuntime().maxMemory() >> 20);
        LiveHeap heap = LiveHeap.install();
        try (ModelSessions sessions = new ModelSessions(runtime.withCacheDirectory(work.resolve("ort-cache")))) {
            if (!mode.equals("memory")) {
                String given = System.getProperty("corpus");
                throughput(sessions, model, given != null ? Path.of(given) : corpus(work, throughputStudies), work,
                        workers, batch);
            }
            if (!mode.equals("throughput")) {
                memory(sessions, model, corpus(work, memoryFiles / 10 / SLICES), work, workers, batch, heap);
                memory(sessions, model, corpus(work, memoryFiles / SLICES), work, workers, batch, heap);
            }
        }
    }

    static Path defaultModel() {
        Path p = Path.of("models/brain-lesion-demo");
        return Files.isRegularFile(p.resolve("metadata.json")) ? p
                : Path.of("/tmp/reslens-bench/screening/bench-model");
    }

    /** {@code studies} MR studies of {@link #SLICES} slices, generated once. */
    static Path corpus(Path work, int studies) throws IOException {
        Path dir = work.resolve("corpus-" + studies + "x" + SLICES);
        Path done = work.resolve("corpus-" + studies + "x" + SLICES + ".done"); // outside: it would be indexed
        if (!Files.exists(done)) {
            long t = System.nanoTime();
            deleteTree(dir);
            SyntheticCorpus.writeMr(dir, studies, SLICES, 42);
            Files.writeString(done, "");
            System.out.printf(Locale.ROOT, "generated %d files in %s (%.1f s)%n", studies * SLICES, dir,
                    (System.nanoTime() - t) / 1e9);
        }
        return dir;
    }

    static void throughput(ModelSessions sessions, Path model, Path corpus, Path work, int workers, int batch)
            throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        ModelSession session = sessions.session(bundle);
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        Tensors inputs = new Tensors(files, bundle);
        session.predictAll(inputs.chunk(0).subList(0, Math.min(inputs.size(), 4 * batch)), batch, true, () -> false);

        int rounds = Integer.getInteger("rounds", 3);
        int warmups = Integer.getInteger("warmup", 1);
        double[][] wall = new double[3][rounds];
        double[][] cpu = new double[3][rounds];
        double[] ratio = new double[rounds];
        double[] strict = new double[rounds];
        String[] names = {"pure inference, all feature maps", "pure inference, scores only", "end to end"};
        System.out.printf(Locale.ROOT, "%d slices, %d warm-up round(s), %d rounds; load average %s%n", inputs.size(),
                warmups, rounds, loadAverage());
        // Every end-to-end run lies between two runs of pure inference with every feature map, and is compared with
        // their mean time per slice, so that load that comes and goes hits both sides alike.
        Run before = pure(session, inputs, batch, true);
        for (int r = -warmups; r < rounds; r++) {
            String label = r < 0 ? "warm-up" : "round " + (r + 1);
            String[] at = new String[3];
            at[0] = java.time.LocalTime.now().toString();
            Run e2e = endToEnd(sessions, model, corpus, work, workers, batch);
            at[1] = java.time.LocalTime.now().toString();
            Run scores = pure(session, inputs, batch, false);
            at[2] = java.time.LocalTime.now().toString();
            Run after = pure(session, inputs, batch, true);
            Run all = new Run(2 / (1 / before.perSecond + 1 / after.perSecond),
                    (before.cpuPerSlice + after.cpuPerSlice) / 2, 1, after.threads);
            Run[] runs = {all, scores, e2e};
            for (int i = 0; i < 3; i++) {
                System.out.printf(Locale.ROOT, "  %s %s (from %s): %.1f slices/s, %.3f ms CPU per slice; by thread:"
                        + " %s%n", label, names[i], i == 0 ? "both sides" : at[i == 1 ? 1 : 0], runs[i].perSecond,
                        runs[i].cpuPerSlice, runs[i].threads);
            }
            System.out.printf(Locale.ROOT, "%s: end to end / pure inference %.3f (scores only: %.3f); model busy"
                            + " %.0f%%; load average %s%n", label, e2e.perSecond / all.perSecond,
                    e2e.perSecond / scores.perSecond, 100 * e2e.busy, loadAverage());
            if (r >= 0) {
                for (int i = 0; i < 3; i++) {
                    wall[i][r] = runs[i].perSecond;
                    cpu[i][r] = runs[i].cpuPerSlice;
                }
                ratio[r] = e2e.perSecond / all.perSecond;
                strict[r] = e2e.perSecond / scores.perSecond;
            }
            before = after;
        }
        if (rounds == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "throughput on %d slices, medians of %d rounds: end to end %.1f slices/s, pure"
                        + " inference %.1f slices/s (scores only %.1f); ratio %.3f (per-round ratios %.3f to %.3f),"
                        + " against scores only %.3f; CPU per slice: end to end %.3f ms, pure %.3f ms (scores only"
                        + " %.3f), ratio %.3f%n", inputs.size(), rounds, median(wall[2]), median(wall[0]),
                median(wall[1]), median(ratio), min(ratio), max(ratio), median(strict), median(cpu[2]),
                median(cpu[0]), median(cpu[1]), median(cpu[0]) / median(cpu[2]));
    }

    /** One measured run: slices per second (wall), process CPU per slice, the model's busy share, CPU by thread. */
    record Run(double perSecond, double cpuPerSlice, double busy, String threads) {
    }

    static Run endToEnd(ModelSessions sessions, Path model, Path corpus, Path work, int workers, int batch)
            throws Exception {
        Path out = work.resolve("out-throughput");
        deleteTree(out);
        ScreeningOptions o = ScreeningOptions.defaults(List.of(corpus), out, model).withWorkers(workers)
                .withBatchSize(batch);
        AtomicLong start = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<ThreadCpu> threadsStart =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<ThreadCpu>> tracker =
                new java.util.concurrent.atomic.AtomicReference<>();
        ScreeningSummary s = new Screening(sessions, work.resolve("config")).run(o, new ScreeningListener() {
            @Override
            public void planned(int studies, int resumed, long slices) {
                start.set(cpuNanos()); // indexing done: from here on the pipeline runs
                threadsStart.set(ThreadCpu.snapshot());
                tracker.set(Boolean.getBoolean("threads") ? ThreadCpu.track() : ThreadCpu::snapshot);
            }
        }, new CancellationToken());
        double cpuPerSlice = (cpuNanos() - start.get()) / 1e6 / s.slicesScored();
        return new Run(s.slicesPerSecond(), cpuPerSlice, s.inferenceSeconds() / s.screeningSeconds(),
                tracker.get().get().since(threadsStart.get(), s.slicesScored()));
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** CPU time of the whole process, native ONNX Runtime threads included. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The model inputs of the slices the model accepts: all kept in memory for up to {@link #KEPT} files, otherwise
     * rebuilt for every pass (untimed) {@link #CHUNK} files at a time, so that a long run's corpus fits the heap (a
     * pass with every feature map holds 128 KB per slice of them besides the 64 KB tensor; ONNX Runtime's native code
     * crashed the JVM, rather than throw, when the heap ran out during a run).
     */
    static final class Tensors {
        static final int KEPT = 2500;
        static final int CHUNK = 1000;
        private final ModelBundle bundle;
        private final TensorBuilder builder;
        private final List<List<Path>> chunks = new ArrayList<>();
        private final int size;
        private List<ModelInput> kept;

        Tensors(List<Path> files, ModelBundle bundle) throws Exception {
            this.bundle = bundle;
            this.builder = new TensorBuilder(bundle.preprocessing());
            List<Path> accepted = new ArrayList<>();
            int slices = 0;
            for (Path f : files) {
                try {
                    DicomFile df = DicomFile.open(f);
                    bundle.accepts().check(df.dataset().getString(org.reslens.dicom.Tags.Modality),
                            df.dataset().getString(org.reslens.dicom.Tags.BodyPartExamined));
                    accepted.add(f);
                    slices += df.frameCount();
                } catch (org.reslens.dicom.DicomException | org.reslens.inference.InferenceException e) {
                    // Not screened either.
                }
            }
            int step = accepted.size() <= KEPT ? Math.max(1, accepted.size()) : CHUNK;
            for (int i = 0; i < accepted.size(); i += step) {
                chunks.add(accepted.subList(i, Math.min(accepted.size(), i + step)));
            }
            size = slices;
            if (chunks.size() == 1) {
                kept = build(chunks.get(0));
            }
        }

        int size() {
            return size;
        }

        int chunks() {
            return chunks.size();
        }

        List<ModelInput> chunk(int i) throws Exception {
            return kept != null ? kept : build(chunks.get(i));
        }

        private List<ModelInput> build(List<Path> files) throws Exception {
            List<ModelInput> inputs = new ArrayList<>();
            for (Path f : files) {
                DicomFile df = DicomFile.open(f);
                for (int i = 0; i < df.frameCount(); i++) {
                    PixelFrame frame = df.readFrame(i);
                    inputs.add(builder.build(frame, ImageTransforms.read(df, i).modality()));
                }
            }
            return inputs;
        }
    }

    /**
     * The same tensors through the same session and batch size, with every feature map or with scores only; only the
     * model runs are timed (and their CPU counted), not the building of a chunk's tensors.
     */
    static Run pure(ModelSession session, Tensors inputs, int batch, boolean features) throws Exception {
        long wall = 0;
        long cpu = 0;
        ThreadCpu threads = ThreadCpu.snapshot();
        for (int c = 0; c < inputs.chunks(); c++) {
            List<ModelInput> chunk = inputs.chunk(c);
            long cpu0 = cpuNanos();
            long t = System.nanoTime();
            session.predictAll(chunk, batch, features, () -> false);
            wall += System.nanoTime() - t;
            cpu += cpuNanos() - cpu0;
        }
        return new Run(inputs.size() / (wall / 1e9), cpu / 1e6 / inputs.size(), 1, inputs.chunks() == 1
                ? ThreadCpu.snapshot().since(threads, inputs.size()) : "(not shown: tensors built between chunks)");
    }

    static void memory(ModelSessions sessions, Path model, Path corpus, Path work, int workers, int batch,
                       LiveHeap heap) throws Exception {
        Path out = work.resolve("out-memory");
        deleteTree(out);
        System.gc();
        heap.reset();
        AtomicLong maxLive = new AtomicLong();
        AtomicLong maxExact = new AtomicLong();
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(2000);
                    System.gc();
                    maxLive.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    // What the full collection itself left in the heap, as the collector reports it; the figure
                    // above also counts what other threads allocated between the collection and the reading.
                    long after = 0;
                    for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == java.lang.management.MemoryType.HEAP
                                && pool.getCollectionUsage() != null) {
                            after += pool.getCollectionUsage().getUsed();
                        }
                    }
                    maxExact.accumulateAndGet(after, Math::max);
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "live-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        ScreeningOptions o = ScreeningOptions.defaults(List.of(corpus), out, model).withWorkers(workers)
                .withBatchSize(batch);
        ScreeningSummary s = new Screening(sessions, work.resolve("config")).run(o, ScreeningListener.NONE,
                new CancellationToken());
        sampler.interrupt();
        sampler.join();
        System.out.printf(Locale.ROOT, "memory on %d files (%d studies): %d slices in %.1f s (index %.1f s, %.1f"
                        + " slices/s); live heap (full GC every 2 s) max %.1f MiB (as the collector left it: %.1f MiB);"
                        + " heap after any GC max %.1f MiB over %d GCs; heap committed max %.1f MiB; peak RSS %s%n",
                s.slicesScored() + s.failures(), s.studies(), s.slicesScored(), s.seconds(), s.indexSeconds(),
                s.slicesPerSecond(), maxLive.get() / 1048576.0, maxExact.get() / 1048576.0,
                heap.maxLive() / 1048576.0, heap.count(), heap.maxCommitted() / 1048576.0, peakRss());
    }

    /**
     * CPU time of every thread of this process, native ONNX Runtime threads included, from /proc/self/task (Linux):
     * nanoseconds by thread name with trailing numbers dropped, so that a pool counts as one line.
     */
    static final class ThreadCpu {
        private final java.util.Map<String, Long> byTask = new java.util.HashMap<>();
        private final java.util.Map<String, String> names = new java.util.HashMap<>();

        static ThreadCpu snapshot() {
            ThreadCpu t = new ThreadCpu();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        long ns = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                        String id = task.getFileName().toString();
                        t.byTask.put(id, ns);
                        t.names.put(id, name.replaceAll("[-_ ]?\\d+$", ""));
                    } catch (IOException | RuntimeException e) {
                        // The thread ended meanwhile.
                    }
                }
            } catch (IOException e) {
                // Not Linux.
            }
            return t;
        }

        /** Adds what {@code later} saw: threads that ended since keep their last figure. */
        void update(ThreadCpu later) {
            byTask.putAll(later.byTask);
            names.putAll(later.names);
        }

        /**
         * Samples every 200 ms on a daemon thread until the returned runnable is run, which returns the last state
         * (the pipeline's threads end before the run returns, so a snapshot at the end would miss them).
         */
        static java.util.function.Supplier<ThreadCpu> track() {
            ThreadCpu seen = snapshot();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    ThreadCpu now = snapshot();
                    synchronized (seen) {
                        seen.update(now);
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            t.setDaemon(true);
            t.start();
            return () -> {
                stop.set(true);
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (seen) {
                    seen.update(snapshot());
                    return seen;
                }
            };
        }

        /** CPU per slice by thread group since {@code before}, largest first, as one line. */
        String since(ThreadCpu before, long slices) {
            java.util.Map<String, Long> groups = new java.util.TreeMap<>();
            byTask.forEach((id, ns) -> groups.merge(names.get(id), ns - before.byTask.getOrDefault(id, 0L),
                    Long::sum));
            StringBuilder b = new StringBuilder();
            groups.entrySet().stream().filter(e -> e.getValue() / 1e6 / slices >= 0.005)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> b.append(String.format(Locale.ROOT, "%s %.3f  ", e.getKey(),
                            e.getValue() / 1e6 / slices)));
            return b.toString().trim();
        }
    }

    /** VmHWM of this process, from /proc (Linux). */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux.
        }
        return "n/a";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The heap in use right after each garbage collection: what is live, not garbage waiting to be collected. */
    static final class LiveHeap {
        private final AtomicLong maxLive = new AtomicLong();
        private final AtomicLong maxCommitted = new AtomicLong();
        private final AtomicLong count = new AtomicLong();

        static LiveHeap install() {
            LiveHeap h = new LiveHeap();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    long committed = 0;
                    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += u.getUsed();
                        committed += u.getCommitted();
                    }
                    // Young collections leave old garbage in place; count only what a collection left behind.
                    h.maxLive.accumulateAndGet(used, Math::max);
                    h.maxCommitted.accumulateAndGet(committed, Math::max);
                    h.count.incrementAndGet();
                }, null, null);
            }
            return h;
        }

        void reset() {
            maxLive.set(0);
            maxCommitted.set(0);
            count.set(0);
        }

        long maxLive() {
            return maxLive.get();
        }

        long maxCommitted() {
            return maxCommitted.get();
        }

        long count() {
            return count.get();
        }
    }
}
