package org.reslens.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.reslens.explain.CamMap;
import org.reslens.explain.ExplainException;
import org.reslens.explain.GradCam;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;
import org.reslens.inference.InferenceException;
import org.reslens.inference.InputSpec;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Prediction;
import org.reslens.inference.RuntimeOptions;

/**
 * Inference and Grad-CAM cost with ONNX Runtime, per image: one slice with logits only (the score), one slice with the
 * feature map and Grad-CAM (score + heatmap on the model-input grid), a batch of {@link #BATCH} slices, and Grad-CAM
 * alone from a finished prediction. {@code bench/inference/run-inference-bench.sh} runs it next to PyTorch eager and
 * autograd Grad-CAM on the same network ({@code bench/inference/pytorch_peer.py}) and prints the ratios.
 *
 * <p>The model bundle is the folder named by the system property {@code reslens.bench.model}, else
 * {@code models/brain-lesion-demo}. The session has {@code reslens.bench.threads} intra-op threads (default: one per
 * core) and spinning as {@code reslens.bench.spinning} says (default off: on a shared machine a spinning thread only
 * competes with the other load), with the optimised-model cache in a temporary folder; inputs are random values of
 * the model's input shape (the cost of a forward pass does not depend on them; preprocessing is benchmarked with the
 * imaging pipeline).
 *
 * <p>Run as a program ({@link #main}), it measures the Grad-CAM overhead paired: logits-only runs, runs that also
 * return the feature map, and Grad-CAM, alternated call by call, so that the load of a shared machine falls on all
 * three alike; consecutive JMH benchmarks cannot give that.
 */
public class InferenceBenchmark {
    public static final int BATCH = 8;

    @State(Scope.Benchmark)
    public static class Model {
        ModelSession session;
        GradCam gradCam;
        ModelInput input;
        List<ModelInput> batch;
        Prediction prediction;
        int explainedClass;
        Path cache;

        @Setup
        public void open() throws Exception {
            String dir = System.getProperty("reslens.bench.model", "models/brain-lesion-demo");
            ModelBundle bundle = ModelBundle.load(Path.of(dir));
            cache = Files.createTempDirectory("reslens-bench-cache");
            session = ModelSession.open(bundle, options().withCacheDirectory(cache));
            gradCam = GradCam.forBundle(bundle);
            explainedClass = bundle.explainedClass();
            InputSpec spec = bundle.input();
            Random rnd = new Random(7);
            batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                float[] data = new float[spec.imageSize()];
                for (int k = 0; k < data.length; k++) {
                    data[k] = rnd.nextFloat();
                }
                batch.add(new ModelInput(data, new TensorShape(1, spec.channels(), spec.height(), spec.width()),
                        GridMapping.identity(spec.width(), spec.height())));
            }
            input = batch.get(0);
            prediction = session.predict(input, true);
        }

        @TearDown
        public void close() throws Exception {
            session.close();
            try (var files = Files.list(cache)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(cache);
        }
    }

    static RuntimeOptions options() {
        int threads = Integer.getInteger("reslens.bench.threads", Runtime.getRuntime().availableProcessors());
        boolean spinning = Boolean.parseBoolean(System.getProperty("reslens.bench.spinning", "false"));
        return RuntimeOptions.batch().withIntraOpThreads(threads).withSpinning(spinning);
    }

    /** Process CPU time per iteration and the images processed (see DicomReadBenchmark.CpuTime). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        public long cpuNanos;
        public long images;
        private long start;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            images = 0;
            start = OS.getProcessCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = OS.getProcessCpuTime() - start;
        }
    }

    /** One slice, logits only: the score a screening needs. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Prediction single(Model m, CpuTime cpu) throws InferenceException {
        cpu.images++;
        return m.session.predict(m.input, false);
    }

    /** One slice with the feature map, then Grad-CAM to the model-input grid: score plus heatmap. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Heatmap singleWithGradCam(Model m, CpuTime cpu) throws InferenceException, ExplainException {
        cpu.images++;
        Prediction p = m.session.predict(m.input, true);
        CamMap cam = m.gradCam.cam(p, m.explainedClass);
        return GradCam.heatmap(cam, Normalisation.perImage(), m.input.shape().width(), m.input.shape().height());
    }

    /** {@link #BATCH} slices in one run, logits only; the figure is per batch (divide by BATCH per image). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Prediction> batch(Model m, CpuTime cpu) throws InferenceException {
        cpu.images += BATCH;
        return m.session.predictAll(m.batch, BATCH, false, () -> false);
    }

    /** Grad-CAM alone, from a prediction that already holds the feature map. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Heatmap gradCamOnly(Model m, CpuTime cpu) throws ExplainException {
        cpu.images++;
        CamMap cam = m.gradCam.cam(m.prediction, m.explainedClass);
        return GradCam.heatmap(cam, Normalisation.perImage(), m.input.shape().width(), m.input.shape().height());
    }

    /**
     * Paired overhead measurement: {@code BUNDLE [PAIRS]}; prints one TSV line {@code paired, logits-only ms,
     * with-feature-map ms, Grad-CAM ms, pairs} (medians), after a warm-up of 300 alternations.
     */
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (ModelSession s = ModelSession.open(bundle, options().withoutCache())) {
            GradCam gc = GradCam.forBundle(bundle);
            InputSpec spec = bundle.input();
            Random rnd = new Random(7);
            float[] data = new float[spec.imageSize()];
            for (int k = 0; k < data.length; k++) {
                data[k] = rnd.nextFloat();
            }
            ModelInput in = new ModelInput(data, new TensorShape(1, spec.channels(), spec.height(), spec.width()),
                    GridMapping.identity(spec.width(), spec.height()));
            long[] logits = new long[pairs];
            long[] features = new long[pairs];
            long[] cam = new long[pairs];
            for (int i = -300; i < pairs; i++) {
                long t0 = System.nanoTime();
                s.predict(in, false);
                long t1 = System.nanoTime();
                Prediction p = s.predict(in, true);
                long t2 = System.nanoTime();
                GradCam.heatmap(gc.cam(p, bundle.explainedClass()), Normalisation.perImage(), spec.width(),
                        spec.height());
                long t3 = System.nanoTime();
                if (i >= 0) {
                    logits[i] = t1 - t0;
                    features[i] = t2 - t1;
                    cam[i] = t3 - t2;
                }
            }
            java.util.Arrays.sort(logits);
            java.util.Arrays.sort(features);
            java.util.Arrays.sort(cam);
            System.out.printf(java.util.Locale.ROOT, "paired\t%.4f\t%.4f\t%.4f\t%d%n", logits[pairs / 2] / 1e6,
                    features[pairs / 2] / 1e6, cam[pairs / 2] / 1e6, pairs);
        }
    }
}
