package org.reslens.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.reslens.study.IndexCancelledException;
import org.reslens.study.SliceOrder;
import org.reslens.study.Stack;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;

/**
 * How long {@code StudyIndexer} takes to index a folder of 1,000 512x512 16-bit CT slices from the page cache (goal:
 * under 2 s): walk, header-only reads, series assembly and slice ordering, on a thread pool as the CLI uses it and
 * on the calling thread alone.
 *
 * <p>The slices are copies of the dcmtk-made {@code explicit-le.dcm} of the read benchmark's corpus
 * ({@code bench/make-bench-corpus.sh}), each with its own SOP Instance UID, Instance Number, Image Position and Slice
 * Location patched into the explicit VR little endian header; file names are shuffled against slice order. They are
 * written once into {@code <bench dir>/index-1000} and reused. The folder is the one named by the system property
 * {@code reslens.bench.dir}, else {@code RESLENS_BENCH_DIR}, else {@code /tmp/reslens-bench}.
 *
 * <pre>java -cp ... org.openjdk.jmh.Main 'IndexBenchmark' -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndexBenchmark {
    private static final int SOP_INSTANCE_UID = 0x00080018;
    private static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    private static final int INSTANCE_NUMBER = 0x00200013;
    private static final int IMAGE_POSITION = 0x00200032;
    private static final int SLICE_LOCATION = 0x00201041;
    private static final int PIXEL_DATA = 0x7FE00010;

    @Param({"1000"})
    public int files;

    /** "pool": a fixed pool of min(8, 2 x cores) threads, as {@code reslens index} uses; "direct": the caller only. */
    @Param({"pool", "direct"})
    public String executor;

    private Path folder;
    private ExecutorService pool;
    private StudyIndexer indexer;

    @Setup(Level.Trial)
    public void prepare() throws IOException, IndexCancelledException {
        folder = makeSeries(benchDir(), files);
        if (executor.equals("pool")) {
            int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
            pool = Executors.newFixedThreadPool(threads);
            indexer = new StudyIndexer(pool);
        } else {
            indexer = new StudyIndexer(Runnable::run);
        }
        // A benchmark of an indexer that assembles the wrong series measures nothing.
        StudyIndex index = indexer.index(List.of(folder));
        Stack stack = index.stacks().findFirst().orElseThrow();
        if (!index.failures().isEmpty() || index.stacks().count() != 1 || stack.frames() != files
                || stack.orderedBy() != SliceOrder.IMAGE_POSITION || !Double.valueOf(1.0).equals(stack.sliceSpacing())
                || !stack.warnings().isEmpty()) {
            throw new IllegalStateException("unexpected index of " + folder + ": " + index.failures().size()
                    + " failures, " + index.stacks().count() + " stacks, first " + stack.frames() + " slices by "
                    + stack.orderedBy() + " spacing " + stack.sliceSpacing() + " " + stack.warnings());
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public StudyIndex indexFolder() throws IndexCancelledException {
        return indexer.index(List.of(folder));
    }

    static Path benchDir() {
        String dir = System.getProperty("reslens.bench.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("RESLENS_BENCH_DIR");
        }
        return Path.of(dir == null || dir.isBlank() ? "/tmp/reslens-bench" : dir);
    }

    /** Writes (or reuses) {@code count} slices 1 mm apart; returns their folder. */
    static Path makeSeries(Path benchDir, int count) throws IOException {
        Path template = benchDir.resolve("explicit-le.dcm");
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException(template + " is missing: run bench/make-bench-corpus.sh first");
        }
        Path folder = benchDir.resolve("index-" + count);
        try (Stream<Path> existing = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
            if (existing.count() == count) {
                return folder;
            }
        }
        Files.createDirectories(folder);
        try (Stream<Path> old = Files.list(folder)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        byte[] bytes = Files.readAllBytes(template);
        String baseUid = "1.2.826.0.1.3680043.10.1234.9.77";
        for (int k = 0; k < count; k++) {
            double z = -100.0 + k;
            String uid = baseUid + "." + (k + 1);
            byte[] slice = patch(bytes, Map.of(
                    MEDIA_STORAGE_SOP_INSTANCE_UID, uid,
                    SOP_INSTANCE_UID, uid,
                    INSTANCE_NUMBER, Integer.toString(k + 1),
                    IMAGE_POSITION, String.format(Locale.ROOT, "-250.0\\-250.0\\%.1f", z),
                    SLICE_LOCATION, String.format(Locale.ROOT, "%.1f", z)));
            // Names run against slice order, as on media written by some archives.
            String name = String.format(Locale.ROOT, "IM%05d", (int) ((k * 7919L) % count));
            Files.write(folder.resolve(name), slice);
        }
        return folder;
    }

    /**
     * Rewrites the header of an explicit VR little endian Part 10 file with new values for some elements (text,
     * padded to even length as PS3.5 7.1 wants), fixing the File Meta Information Group Length; everything from Pixel
     * Data on is copied as it is. The template must be flat: no sequences before Pixel Data.
     */
    static byte[] patch(byte[] file, Map<Integer, String> values) {
        if (file.length < 132 || !new String(file, 128, 4, StandardCharsets.US_ASCII).equals("DICM")) {
            throw new IllegalArgumentException("not a Part 10 file with preamble");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        in.position(132);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (in.remaining() >= 8) {
            int start = in.position();
            int tag = (in.getShort() & 0xFFFF) << 16 | (in.getShort() & 0xFFFF);
            if (tag == PIXEL_DATA) {
                rest.write(file, start, file.length - start);
                break;
            }
            String vr = new String(file, in.position(), 2, StandardCharsets.US_ASCII);
            in.position(in.position() + 2);
            boolean longForm = List.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UC", "UR", "UT", "UN", "SV", "UV")
                    .contains(vr);
            long length;
            if (longForm) {
                in.getShort();
                length = in.getInt() & 0xFFFFFFFFL;
            } else {
                length = in.getShort() & 0xFFFF;
            }
            if (vr.equals("SQ") || length == 0xFFFFFFFFL || length > in.remaining()) {
                throw new IllegalArgumentException("template must be a flat explicit VR little endian file");
            }
            byte[] value = new byte[(int) length];
            in.get(value);
            if (tag == 0x00020000) {
                continue; // rewritten below
            }
            if (values.containsKey(tag)) {
                byte[] text = values.get(tag).getBytes(StandardCharsets.US_ASCII);
                value = java.util.Arrays.copyOf(text, text.length + (text.length & 1));
                if ((text.length & 1) == 1) {
                    value[text.length] = (byte) (vr.equals("UI") ? 0 : ' ');
                }
            }
            ByteArrayOutputStream target = (tag >>> 16) == 0x0002 ? meta : rest;
            writeElement(target, tag, vr, longForm, value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 64);
        out.write(file, 0, 132);
        ByteBuffer groupLength = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        groupLength.putShort((short) 0x0002).putShort((short) 0x0000).put((byte) 'U').put((byte) 'L')
                .putShort((short) 4).putInt(meta.size());
        out.write(groupLength.array(), 0, 12);
        out.write(meta.toByteArray(), 0, meta.size());
        out.write(rest.toByteArray(), 0, rest.size());
        return out.toByteArray();
    }

    private static void writeElement(ByteArrayOutputStream out, int tag, String vr, boolean longForm, byte[] value) {
        ByteBuffer h = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            h.putShort((short) 0).putInt(value.length);
        } else {
            h.putShort((short) value.length);
        }
        out.write(h.array(), 0, h.capacity());
        out.write(value, 0, value.length);
    }
}
