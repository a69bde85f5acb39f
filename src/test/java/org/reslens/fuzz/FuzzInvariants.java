package org.reslens.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/**
 * The properties every fuzz target checks on every input. A violation is thrown as an {@link AssertionError} (or the
 * offending exception escapes as it was thrown), which Jazzer records as a finding and JUnit as a failure.
 *
 * <ul>
 *   <li>The reader returns or throws {@link DicomException}; any other exception or error (runtime exceptions,
 *       {@code StackOverflowError}, {@code OutOfMemoryError}) is a finding. The harness never catches them.
 *   <li>Each input finishes within {@link #timeBudgetMillis(int)}: 2 s plus 1 ms per KiB of input; one that never
 *       returns is stopped after {@link #HANG} (regression runs) or by libFuzzer's timeout (fuzzing runs).
 *   <li>A decoded frame has exactly the samples the header promises: Rows x Columns x stored samples per pixel, in
 *       the array the Bits Allocated implies, with values inside the Bits Stored range for the Pixel Representation.
 * </ul>
 *
 * <p>What a caller must bound is bounded here the way a viewer would: a frame whose declared decoded size exceeds
 * {@link #FRAME_BUDGET_BYTES} is not decoded (the reader allocates what the header declares; a valid 1 KB JPEG-LS
 * stream can declare 40000 x 40000), and at most {@link #MAX_FRAMES} frames are decoded per input.
 */
final class FuzzInvariants {
    /** Decoded bytes a caller (viewer, batch) accepts for one frame before refusing it; see the class comment. */
    static final long FRAME_BUDGET_BYTES = 8L << 20;
    /**
     * Regression runs (JUnit, no JAZZER_FUZZ) stop an input that never returns after this long and fail, instead of
     * hanging the build. Fuzzing runs leave hangs to libFuzzer's {@code -timeout} (fuzz/run-fuzz.sh sets it), since a
     * JUnit timeout would also apply to the whole fuzzing invocation and a thread per input would slow it down.
     */
    static final Duration HANG = Duration.ofSeconds(30);
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
            && !System.getenv("JAZZER_FUZZ").isEmpty();
    /** Frames decoded per input: the first three and the last, enough to cover offset tables and mid-byte starts. */
    static final int MAX_FRAMES = 4;

    private FuzzInvariants() {
    }

    /** Something that may fail only with {@link DicomException}. */
    @FunctionalInterface
    interface DicomWork {
        void run() throws DicomException;
    }

    /** 2 s plus 1 ms per KiB: generous for a cold JIT, far below what a quadratic loop or a hang takes. */
    static long timeBudgetMillis(int inputBytes) {
        return 2_000L + inputBytes / 1024L;
    }

    /**
     * Runs {@code work}, accepting a normal return or a {@link DicomException}; returns the exception or null. Other
     * throwables propagate unchanged. Fails when the work took longer than the time budget for {@code inputBytes}.
     */
    static DicomException expectReturnOrDicomException(int inputBytes, DicomWork work) {
        long start = System.nanoTime();
        DicomException failure = FUZZING ? runCatching(work) : Assertions.assertTimeoutPreemptively(HANG,
                () -> runCatching(work), () -> "input of " + inputBytes + " bytes still running after " + HANG);
        if (failure != null) {
            checkTyped(failure);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > timeBudgetMillis(inputBytes)) {
            throw new AssertionError("input of " + inputBytes + " bytes took " + millis + " ms, budget "
                    + timeBudgetMillis(inputBytes) + " ms" + (failure == null ? "" : " (ended in " + failure + ")"));
        }
        return failure;
    }

    private static DicomException runCatching(DicomWork work) {
        try {
            work.run();
            return null;
        } catch (DicomException e) {
            return e;
        }
    }

    /**
     * A DicomException must carry a kind and a message (it is shown to people), and must not be a safety net around a
     * bug of ours: DicomFile and FrameDecoder wrap any RuntimeException into a DicomException so that one bad file
     * never stops a folder, which would hide an ArrayIndexOutOfBounds from the fuzzer. A wrapped runtime exception or
     * error thrown by our code is therefore a finding; one thrown inside an ImageIO plugin is what the adapter is for.
     */
    static void checkTyped(DicomException e) {
        if (e.kind() == null || e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("DicomException without kind or message", e);
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if ((c instanceof RuntimeException || c instanceof Error) && thrownByOurCode(c)) {
                throw new AssertionError("reader bug wrapped into a DicomException: " + c, e);
            }
        }
    }

    /** The first frame outside the JDK is in org.reslens (a JDK frame on top, e.g. System.arraycopy, is ours too). */
    private static boolean thrownByOurCode(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            return c.startsWith("org.reslens.");
        }
        return false;
    }

    /** Declared decoded size of one frame, the figure a caller bounds before decoding. */
    static long declaredFrameBytes(ImagePixel ip) {
        int bytesPerSample = ip.bitsAllocated() <= 8 ? 1 : ip.bitsAllocated() / 8;
        return ip.pixelsPerFrame() * ip.samplesPerPixel() * bytesPerSample;
    }

    /** The frames a harness decodes: all when few, else the first three and the last. */
    static List<Integer> framesToDecode(int frames) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(frames, MAX_FRAMES - 1); i++) {
            out.add(i);
        }
        if (frames >= MAX_FRAMES) {
            out.add(frames - 1);
        }
        return out;
    }

    /**
     * Parses, validates the Image Pixel module and decodes the frames a caller within budget would decode, checking
     * each. Returns how many frames were decoded.
     */
    static int readEverything(byte[] data, String name) throws DicomException {
        DicomFile file = DicomFile.parse(data, name);
        AttributeWalk.touchAll(file.dataset());
        if (file.fileMeta() != null) {
            AttributeWalk.touchAll(file.fileMeta());
        }
        file.sopClassUid();
        if (file.pixelData().isEmpty()) {
            return 0;
        }
        ImagePixel ip = file.imagePixel();
        if (declaredFrameBytes(ip) > FRAME_BUDGET_BYTES) {
            return 0;
        }
        int frames = file.frameCount();
        if (frames != ip.frames()) {
            throw new AssertionError("frameCount() " + frames + " but ImagePixel.frames() " + ip.frames());
        }
        int decoded = 0;
        for (int index : framesToDecode(frames)) {
            PixelFrame frame = file.readFrame(index);
            checkFrame(frame, ip);
            decoded++;
        }
        return decoded;
    }

    /** The frame matches the header: geometry, storage, sample count and value range. */
    static void checkFrame(PixelFrame f, ImagePixel ip) {
        if (f.rows() != ip.rows() || f.columns() != ip.columns() || f.samplesPerPixel() != ip.samplesPerPixel()) {
            throw new AssertionError("frame " + f.rows() + "x" + f.columns() + "x" + f.samplesPerPixel()
                    + " but header " + ip.rows() + "x" + ip.columns() + "x" + ip.samplesPerPixel());
        }
        Photometric delivered = f.photometric();
        if (delivered.samplesPerPixel() != ip.samplesPerPixel()) {
            throw new AssertionError("delivered " + delivered + " for " + ip.samplesPerPixel() + " samples");
        }
        long perPixel = delivered.subsampledHorizontally() && ip.samplesPerPixel() == 3 ? 2 : ip.samplesPerPixel();
        long expected = ip.pixelsPerFrame() * perPixel;
        if (f.sampleCount() != expected) {
            throw new AssertionError("frame holds " + f.sampleCount() + " samples, header needs " + expected);
        }
        boolean storageOk = switch (ip.bitsAllocated()) {
            case 1, 8 -> f.bytes() != null;
            case 16 -> f.shorts() != null;
            case 32 -> f.ints() != null;
            default -> false;
        };
        if (!storageOk) {
            throw new AssertionError("Bits Allocated " + ip.bitsAllocated() + " delivered in the wrong array");
        }
        int bits = ip.bitsAllocated() == 1 ? 1 : ip.bitsStored();
        boolean signed = ip.bitsAllocated() != 1 && ip.signed();
        if (f.bitsStored() != bits || f.signed() != signed) {
            throw new AssertionError("frame says " + f.bitsStored() + " bits signed=" + f.signed() + ", header "
                    + bits + " signed=" + signed);
        }
        long min = signed ? -(1L << (bits - 1)) : 0;
        long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        int n = f.sampleCount();
        for (int i = 0; i < n; i++) {
            long v = f.sample(i);
            if (v < min || v > max) {
                throw new AssertionError("sample " + i + " = " + v + " outside " + min + ".." + max + " for "
                        + bits + " stored bits");
            }
        }
    }
}
