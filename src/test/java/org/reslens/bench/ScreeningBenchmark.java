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
 * the same JVM one after the other, pure inference before and after, so load from other processes hits both alike;
 * the ratio is the figure of merit (goal: at least 0.90).
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
 * Corpora are generated into the work dir once (20 slices of 64 x 64 per study) and reused; {@code -Dcorpus=DIR}
 * measures throughput on a given folder instead (e.g. assets/demo), {@code -Drounds}, {@code -Dworkers} and
 * {@code -Dbatch} change the defaults (3, half the cores, 8).
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
        System.out.printf(Locale.ROOT, "model %s, %d cores, workers %d, batch %d, max heap %d MiB%n", model,
                Runtime.getRuntime().availableProcessors(), workers, batch,
                Runtime.getRuntime().maxMemory() >> 20);
        LiveHeap heap = LiveHeap.install();
        try (ModelSessions sessions = new ModelSessions(RuntimeOptions.batch().withSpinning(false)
                .withCacheDirectory(work.resolve("ort-cache")))) {
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
        TensorBuilder builder = new TensorBuilder(bundle.preprocessing());
        List<ModelInput> inputs = new ArrayList<>(files.size());
        for (Path f : files) {
            DicomFile df;
            try {
                df = DicomFile.open(f);
                bundle.accepts().check(df.dataset().getString(org.reslens.dicom.Tags.Modality),
                        df.dataset().getString(org.reslens.dicom.Tags.BodyPartExamined));
            } catch (org.reslens.dicom.DicomException | org.reslens.inference.InferenceException e) {
                continue; // not screened either
            }
            for (int i = 0; i < df.frameCount(); i++) {
                PixelFrame frame = df.readFrame(i);
                inputs.add(builder.build(frame, ImageTransforms.read(df, i).modality()));
            }
        }
        session.predictAll(inputs.subList(0, Math.min(inputs.size(), 4 * batch)), batch, true, () -> false);

        int rounds = Integer.getInteger("rounds", 3);
        double[] pureWall = new double[rounds];
        double[] pureCpu = new double[rounds];
        double[] e2eWall = new double[rounds];
        double[] e2eCpu = new double[rounds];
        double busy = 0;
        for (int r = 0; r < rounds; r++) {
            long cpu = cpuNanos();
            pureWall[r] = pure(session, inputs, batch);
            pureCpu[r] = (cpuNanos() - cpu) / 1e6 / inputs.size();
            Path out = work.resolve("out-throughput");
            deleteTree(out);
            ScreeningOptions o = ScreeningOptions.defaults(List.of(corpus), out, model).withWorkers(workers)
                    .withBatchSize(batch);
            AtomicLong screeningStart = new AtomicLong();
            AtomicLong writerCpu = new AtomicLong();
            ScreeningSummary s = new Screening(sessions, work.resolve("config")).run(o, new ScreeningListener() {
                @Override
                public void planned(int studies, int resumed, long slices) {
                    screeningStart.set(cpuNanos()); // indexing done: from here on the pipeline runs
                }

                @Override
                public void studyDone(org.reslens.screening.StudyResult result,
                                      org.reslens.screening.ScreeningProgress progress) {
                    writerCpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, new CancellationToken());
            e2eCpu[r] = (cpuNanos() - screeningStart.get()) / 1e6 / s.slicesScored();
            e2eWall[r] = s.slicesPerSecond();
            busy = s.inferenceSeconds() / s.screeningSeconds();
            System.out.printf(Locale.ROOT, "  writer thread %.2f ms CPU per slice%n", writerCpu.get() / 1e6
                    / s.slicesScored());
            System.out.printf(Locale.ROOT, "round %d: pure inference %.1f slices/s (%.2f ms CPU per slice); end to"
                            + " end %.1f slices/s (%.2f ms CPU per slice, model busy %.0f%%); ratio %.3f%n", r + 1,
                    pureWall[r], pureCpu[r], e2eWall[r], e2eCpu[r], 100 * busy, e2eWall[r] / pureWall[r]);
        }
        double pw = median(pureWall);
        double ew = median(e2eWall);
        System.out.printf(Locale.ROOT, "throughput on %d slices, medians of %d rounds: end to end %.1f slices/s,"
                        + " pure inference %.1f slices/s, ratio %.3f; CPU per slice %.2f vs %.2f ms, ratio %.3f%n",
                inputs.size(), rounds, ew, pw, ew / pw, median(e2eCpu), median(pureCpu),
                median(pureCpu) / median(e2eCpu));
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

    static double pure(ModelSession session, List<ModelInput> inputs, int batch) throws Exception {
        long t = System.nanoTime();
        session.predictAll(inputs, batch, true, () -> false);
        return inputs.size() / ((System.nanoTime() - t) / 1e9);
    }

    static void memory(ModelSessions sessions, Path model, Path corpus, Path work, int workers, int batch,
                       LiveHeap heap) throws Exception {
        Path out = work.resolve("out-memory");
        deleteTree(out);
        System.gc();
        heap.reset();
        AtomicLong maxLive = new AtomicLong();
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(2000);
                    System.gc();
                    maxLive.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
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
                        + " slices/s); live heap (full GC every 2 s) max %.1f MiB; heap after any GC max %.1f MiB"
                        + " over %d GCs; heap committed max %.1f MiB; peak RSS %s%n", s.slicesScored() + s.failures(),
                s.studies(), s.slicesScored(), s.seconds(), s.indexSeconds(), s.slicesPerSecond(),
                maxLive.get() / 1048576.0, heap.maxLive() / 1048576.0, heap.count(), heap.maxCommitted() / 1048576.0,
                peakRss());
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
