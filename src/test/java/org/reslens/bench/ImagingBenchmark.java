package org.reslens.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.DisplayLut;
import org.reslens.imaging.GrayBuffer;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.Interpolation;
import org.reslens.imaging.ModalityLut;
import org.reslens.imaging.Preprocessing;
import org.reslens.imaging.TensorBuilder;
import org.reslens.imaging.VoiLut;

/**
 * The imaging pipeline's per-slice costs on one 512x512 signed 16-bit CT slice (a synthetic phantom: air, a body
 * ellipse, lungs, bone, 10 HU noise; deterministic, built in memory so no corpus is needed). Goals from issue 3:
 * window + render to 8-bit under 0.5 ms, 512 -> 224 bilinear under 0.5 ms, a 224x224 model tensor from stored values
 * under 1 ms, all on one core.
 *
 * <pre>
 *   java -cp "target/test-classes:target/classes:$(deps)" org.openjdk.jmh.Main 'org\.reslens\.bench\.ImagingBenchmark'
 *   java -cp "target/test-classes:target/classes:$(deps)" org.reslens.bench.ImagingBenchmark     (CPU time per op)
 * </pre>
 *
 * JMH reports wall-clock time, which on a shared machine includes the time other processes hold the core. The
 * {@link #main} entry point runs the same operations and reports this thread's CPU time per operation (best of five
 * rounds of 1,000 after 3,000 warm-up calls), a per-core cost that load on other cores does not inflate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ImagingBenchmark {

    /** A deterministic CT-like slice in HU (rescale slope 1, intercept 0). */
    static PixelFrame phantom() {
        int n = 512;
        short[] s = new short[n * n];
        Random rng = new Random(20240611);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double bx = (x - 256) / 220.0;
                double by = (y - 266) / 170.0;
                double hu = -1000;
                if (bx * bx + by * by <= 1) {
                    hu = 40;
                    double lx = (Math.abs(x - 256) - 95) / 70.0;
                    double ly = (y - 256) / 90.0;
                    if (lx * lx + ly * ly <= 1) {
                        hu = -825;
                    }
                    double vx = (x - 256) / 28.0;
                    double vy = (y - 361) / 26.0;
                    if (vx * vx + vy * vy <= 1) {
                        hu = 700;
                    }
                }
                s[y * n + x] = (short) Math.max(-1024, Math.min(3071, Math.round(hu + rng.nextGaussian() * 10)));
            }
        }
        return new PixelFrame(n, n, 1, Photometric.MONOCHROME2, 16, true, null, s, null);
    }

    @State(Scope.Thread)
    public static class Slice {
        PixelFrame frame;
        DisplayLut lut;
        byte[] out;
        GrayBuffer rendered;

        @Setup
        public void setUp() {
            frame = phantom();
            lut = DisplayLut.forFrame(frame, ModalityLut.identity(), VoiLut.window(40, 400), false);
            out = new byte[512 * 512];
            rendered = lut.renderGray(frame);
        }
    }

    @State(Scope.Thread)
    public static class Model {
        @Param({"percentiles", "window-3ch"})
        public String pipeline;

        PixelFrame frame;
        TensorBuilder builder;
        FloatBuffer input;

        @Setup
        public void setUp() throws ImagingException {
            frame = phantom();
            String json = pipeline.equals("percentiles")
                    ? "[{\"name\": \"ScaleIntensityRangePercentiles\", \"lower\": 1.0, \"upper\": 99.0, \"b_min\": 0.0,"
                    + " \"b_max\": 1.0, \"clip\": true}, {\"name\": \"Resize\", \"spatial_size\": [224, 224],"
                    + " \"mode\": \"bilinear\", \"align_corners\": false, \"aspect\": \"stretch\"}]"
                    : "[{\"name\": \"ScaleIntensityRange\", \"a_min\": -160, \"a_max\": 240, \"b_min\": 0.0,"
                    + " \"b_max\": 1.0, \"clip\": true}, {\"name\": \"Resize\", \"spatial_size\": [224, 224],"
                    + " \"mode\": \"bilinear\"}, {\"name\": \"NormalizeIntensity\", \"subtrahend\": 0.45,"
                    + " \"divisor\": 0.25}, {\"name\": \"RepeatChannel\", \"repeats\": 3}]";
            builder = new TensorBuilder(Preprocessing.parse(json));
            input = ByteBuffer.allocateDirect(4 * builder.shapeFor(512, 512).size()).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
    }

    /** Scrolling: the window is set, each new slice goes through the prebuilt LUT into a reused buffer. */
    @Benchmark
    public byte[] renderWithPrebuiltLut(Slice s) {
        s.lut.renderGray(s.frame, s.out);
        return s.out;
    }

    /** Dragging the window: a new LUT (65536 entries for 16-bit data) and a render, per event. */
    @Benchmark
    public byte[] buildLutAndRender(Slice s) {
        DisplayLut lut = DisplayLut.forFrame(s.frame, ModalityLut.identity(), VoiLut.window(40, 400), false);
        lut.renderGray(s.frame, s.out);
        return s.out;
    }

    @Benchmark
    public GrayBuffer resizeBilinear512To224(Slice s) {
        return s.rendered.resize(224, 224, Interpolation.BILINEAR);
    }

    @Benchmark
    public GrayBuffer resizeArea512To224(Slice s) {
        return s.rendered.resize(224, 224, Interpolation.AREA);
    }

    /** Prints CPU time per operation for each benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        Slice s = new Slice();
        s.setUp();
        ImagingBenchmark b = new ImagingBenchmark();
        cpuTime("renderWithPrebuiltLut", () -> b.renderWithPrebuiltLut(s));
        cpuTime("buildLutAndRender", () -> b.buildLutAndRender(s));
        cpuTime("resizeBilinear512To224", () -> b.resizeBilinear512To224(s));
        cpuTime("resizeArea512To224", () -> b.resizeArea512To224(s));
        for (String pipeline : new String[] {"percentiles", "window-3ch"}) {
            Model m = new Model();
            m.pipeline = pipeline;
            m.setUp();
            cpuTime("tensor224 " + pipeline, () -> b.tensor224(m));
        }
    }

    private interface Op {
        Object run() throws Exception;
    }

    private static Object sink;

    private static void cpuTime(String name, Op op) throws Exception {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3000; i++) {
            sink = op.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < 1000; i++) {
                sink = op.run();
            }
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - start) / 1e3 / 1000);
        }
        System.out.printf("%-34s %8.1f us/op CPU time%n", name, best);
    }

    /** From stored values to the model's 224x224 input, written into a reused direct buffer. */
    @Benchmark
    public GridMapping tensor224(Model m) throws ImagingException {
        return m.builder.buildInto(m.frame, ModalityLut.identity(), m.input, 0);
    }
}
