package org.reslens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;

/**
 * How fast ResLens reads one 512x512 signed 16-bit CT slice: the header alone, and header plus one decoded frame in
 * each transfer syntax a CT archive commonly holds. {@code bench/run-dicom-bench.sh} runs it next to GDCM on the same
 * files ({@code bench/gdcm_peer.py}) and prints the ratios; the corpus comes from {@code bench/make-bench-corpus.sh}.
 *
 * <p>Every operation starts from the path, as GDCM's does, so both sides pay for opening the file and parsing the
 * header; the header figure shows how much of a decode that is. The page cache is warm after the first iteration,
 * which is the case that matters when a viewer scrolls through a series it has already seen.
 *
 * <p>Besides wall-clock time, each benchmark reports the CPU time of the benchmark thread ({@link CpuTime}): on a
 * shared machine wall-clock figures swing with other people's work, CPU time much less.
 *
 * <p>Files are looked up in the folder named by the system property {@code reslens.bench.dir}, else the environment
 * variable {@code RESLENS_BENCH_DIR}, else {@code /tmp/reslens-bench}.
 */
public class DicomReadBenchmark {
    /** Bytes of decoded output per operation: 512 x 512 samples of 2 bytes. MB/s = ops/s x this / 1e6. */
    public static final int DECODED_BYTES = 512 * 512 * 2;

    static Path benchDir() {
        String dir = System.getProperty("reslens.bench.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("RESLENS_BENCH_DIR");
        }
        return Path.of(dir == null || dir.isBlank() ? "/tmp/reslens-bench" : dir);
    }

    static Path corpusFile(String kind) {
        Path file = benchDir().resolve(kind + ".dcm");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run bench/make-bench-corpus.sh first");
        }
        return file;
    }

    @State(Scope.Benchmark)
    public static class HeaderFile {
        Path path;

        @Setup
        public void locate() {
            path = corpusFile("explicit-le");
        }
    }

    @State(Scope.Benchmark)
    public static class EncodedFile {
        /** File name stem in the corpus; one per transfer syntax (.1.2.1, .1.2.5, .4.70, .4.80, .4.90). */
        @Param({"explicit-le", "rle", "jpeg-lossless", "jpeg-ls", "j2k"})
        public String kind;

        Path path;

        /**
         * A benchmark of a decoder that returns wrong pixels measures nothing, so every lossless variant must give
         * back exactly the native file's samples before it is timed.
         */
        @Setup
        public void locateAndVerify() throws DicomException {
            path = corpusFile(kind);
            PixelFrame reference = DicomFile.open(corpusFile("explicit-le")).readFrame(0);
            PixelFrame decoded = DicomFile.open(path).readFrame(0);
            if (decoded.shorts() == null || decoded.byteSize() != DECODED_BYTES
                    || !Arrays.equals(decoded.shorts(), reference.shorts())) {
                throw new IllegalStateException(kind + " does not decode to the native file's samples");
            }
        }
    }

    /**
     * CPU time of the benchmark thread per iteration, and the calls made: cpuNanos / calls is the CPU cost of one
     * operation, which other processes on the machine inflate far less than wall-clock time. Thread rather than
     * process time because on a loaded machine the JIT compiler threads were still busy after warm-up and made process
     * time swing by 2x; every decoder used here runs on the calling thread, and the garbage collector took under 1%
     * of wall time in a check with -Xmx1g (its work is not in this figure).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long cpuNanos;
        public long calls;
        private long start;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            calls = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    /** Header-only parse: File Meta Information and data set up to Pixel Data. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DicomFile header(HeaderFile f, CpuTime cpu) throws DicomException {
        cpu.calls++;
        return DicomFile.open(f.path);
    }

    /** Open, parse the header and decode frame 0 to stored values (masked, sign-extended short[]). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public PixelFrame decode(EncodedFile f, CpuTime cpu) throws DicomException {
        cpu.calls++;
        return DicomFile.open(f.path).readFrame(0);
    }
}
