package org.reslens.screening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of broken files made at test time, deterministically (seeded), from committed files that other tools made:
 * the screening corpus's JPEG-LS MR slices (dcmtk), the DICOM corpus's broken fixtures and the codec fuzz seeds. Every
 * file is broken by construction, in a way the screening can see: either its header cannot be read, or its header is
 * whole (an MR brain slice the model accepts, with UIDs of its own) and its pixels cannot be read.
 */
final class BrokenCorpus {
    /**
     * How a file was broken: at which stage the screening meets it ({@code index}: the header; {@code read}: the
     * pixels; null: either, depending on where the cut or the patch fell) and the error kinds that describe it.
     */
    enum Mutation {
        EMPTY("index", "NOT_DICOM", "TRUNCATED"),
        TEXT("index", "NOT_DICOM"),
        RANDOM_BYTES("index", "NOT_DICOM", "MALFORMED", "TRUNCATED"),
        CODEC_STREAM("index", "NOT_DICOM", "MALFORMED", "TRUNCATED"),
        PREAMBLE_THEN_RANDOM("index", "NOT_DICOM", "MALFORMED", "TRUNCATED"),
        TRUNCATED_IN_META("index", "TRUNCATED", "MALFORMED", "NOT_DICOM"),
        TRUNCATED_IN_VALUE("index", "TRUNCATED"),
        LYING_VALUE_LENGTH("index", "TRUNCATED", "MALFORMED"),
        // Cut within the first bytes of Pixel Data, the indexer already sees that no frame fits.
        TRUNCATED_IN_PIXELS(null, "TRUNCATED", "MALFORMED"),
        LYING_FRAGMENT_LENGTH("read", "TRUNCATED", "MALFORMED"),
        SHORT_FRAGMENT_LENGTH("read", "MALFORMED", "TRUNCATED"),
        UNKNOWN_TRANSFER_SYNTAX("read", "UNSUPPORTED_TRANSFER_SYNTAX"),
        WRONG_TRANSFER_SYNTAX("read", "MALFORMED", "TRUNCATED", "UNSUPPORTED_TRANSFER_SYNTAX"),
        BROKEN_FIXTURE(null, "NOT_DICOM", "MALFORMED", "TRUNCATED", "UNSUPPORTED_TRANSFER_SYNTAX");

        final String stage;
        final Set<String> kinds;

        Mutation(String stage, String... kinds) {
            this.stage = stage;
            this.kinds = Set.of(kinds);
        }
    }

    /** One broken file and how it was made. */
    record Broken(Path file, Mutation mutation, String source) {
    }

    static final Path SLICES = Fixtures.CORPUS;
    static final Path DICOM = Path.of("src/test/resources/dicom");
    static final Path FUZZ = Path.of("src/test/resources/org/reslens/fuzz/CodecFuzzTestInputs");

    /**
     * Broken fixtures of the DICOM corpus whose failure the screening meets. Left out: {@code fragment_past_end.dcm}
     * and {@code unknown_transfer_syntax.dcm}, whose headers are whole but which are not MR images, so the model never
     * reads their pixels (their series are skipped with the reason, like any refused modality).
     */
    static final List<String> FIXTURES = List.of("deep_sequence_10000.dcm", "empty.dcm", "garbage_100_bytes.dcm",
            "lying_length_fffffff0.dcm", "meta_without_transfer_syntax.dcm", "pixeldata_truncated_62.dcm",
            "png_header.dcm", "truncated_in_dataset.dcm", "truncated_in_meta.dcm");

    private static final byte[] PIXEL_DATA = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0};
    private static final byte[] ITEM = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0};
    private static final byte[] PATIENT_NAME = {0x10, 0x00, 0x10, 0x00, 'P', 'N'};
    private static final byte[] JPEG_LS = "1.2.840.10008.1.2.4.80".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> WRONG_SYNTAXES = List.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.91",
            "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.1\0\0\0", "1.2.840.10008.1.2.5\0\0\0");

    private final Random rng;
    private final List<byte[]> slices = new ArrayList<>();
    private final List<String> sliceNames = new ArrayList<>();
    private final List<Path> codecStreams;
    private int serial;

    private BrokenCorpus(long seed) throws IOException {
        this.rng = new Random(seed);
        for (String study : List.of("lesion", "normal")) {
            for (int i = 1; i <= 5; i++) {
                Path p = SLICES.resolve(study).resolve(String.format(Locale.ROOT, "IM%04d.dcm", i));
                slices.add(Files.readAllBytes(p));
                sliceNames.add(study + "/" + p.getFileName());
            }
        }
        try (Stream<Path> s = Files.walk(FUZZ)) {
            codecStreams = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("seed-"))
                    .sorted().toList();
        }
    }

    /**
     * Writes {@code count} broken files into {@code dir} (ten subfolders), the broken fixtures first, then the
     * mutations in turn.
     */
    static List<Broken> write(Path dir, int count, long seed) throws IOException {
        return new BrokenCorpus(seed).writeAll(dir, count);
    }

    /** The good files: the lesion study without its damaged slice and SR, and the normal study. */
    static void writeGood(Path dir) throws IOException {
        for (String study : List.of("lesion", "normal")) {
            Path to = dir.resolve(study);
            Files.createDirectories(to);
            for (int i = 1; i <= 6; i++) {
                if (study.equals("lesion") && i == 6) {
                    continue; // IM0006 of the lesion study is the fixture's own damaged slice
                }
                String name = String.format(Locale.ROOT, "IM%04d.dcm", i);
                Files.copy(SLICES.resolve(study).resolve(name), to.resolve(name));
            }
        }
    }

    private List<Broken> writeAll(Path dir, int count) throws IOException {
        List<Broken> out = new ArrayList<>(count);
        Mutation[] made = Arrays.stream(Mutation.values()).filter(m -> m != Mutation.BROKEN_FIXTURE)
                .toArray(Mutation[]::new);
        for (int i = 0; i < count; i++) {
            Path folder = dir.resolve(String.format(Locale.ROOT, "batch-%02d", i % 10));
            Files.createDirectories(folder);
            if (i < FIXTURES.size()) {
                String name = FIXTURES.get(i);
                Path file = folder.resolve(String.format(Locale.ROOT, "broken-%04d-fixture-%s", i, name));
                Files.copy(DICOM.resolve("broken").resolve(name), file);
                out.add(new Broken(file, Mutation.BROKEN_FIXTURE, "dicom/broken/" + name));
                continue;
            }
            Mutation m = made[i % made.length];
            int k = rng.nextInt(slices.size());
            byte[] bytes = mutate(m, k);
            Path file = folder.resolve(String.format(Locale.ROOT, "broken-%04d-%s.dcm", i,
                    m.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            Files.write(file, bytes);
            out.add(new Broken(file, m, m == Mutation.CODEC_STREAM ? "codec seed" : sliceNames.get(k)));
        }
        return out;
    }

    private byte[] mutate(Mutation m, int k) throws IOException {
        byte[] slice = slices.get(k);
        return switch (m) {
            case EMPTY -> new byte[0];
            case TEXT -> ("patient list, page " + rng.nextInt(1000) + "\nnot an image\n")
                    .getBytes(StandardCharsets.UTF_8);
            case RANDOM_BYTES -> random(1 + rng.nextInt(4096));
            case CODEC_STREAM -> codecStreams.isEmpty() ? random(1 + rng.nextInt(4096))
                    : Files.readAllBytes(codecStreams.get(rng.nextInt(codecStreams.size())));
            case PREAMBLE_THEN_RANDOM -> {
                byte[] b = new byte[132 + 1 + rng.nextInt(2048)];
                System.arraycopy(random(b.length - 132), 0, b, 132, b.length - 132);
                b[128] = 'D';
                b[129] = 'I';
                b[130] = 'C';
                b[131] = 'M';
                yield b;
            }
            case TRUNCATED_IN_META -> Arrays.copyOf(slice, 133 + rng.nextInt(metaEnd(slice) - 133));
            case TRUNCATED_IN_VALUE -> {
                // Inside the Patient Name value: whatever came before is whole, the element is not.
                int at = indexOf(slice, PATIENT_NAME, 0);
                int length = u16(slice, at + 6);
                yield Arrays.copyOf(renamed(slice), at + 8 + rng.nextInt(length));
            }
            case TRUNCATED_IN_PIXELS -> {
                int pixels = indexOf(slice, PIXEL_DATA, metaEnd(slice)) + 12;
                yield Arrays.copyOf(renamed(slice), pixels + rng.nextInt(slice.length - 8 - pixels));
            }
            case LYING_VALUE_LENGTH -> {
                // The Patient Name's two-byte length, past the end of the file.
                byte[] b = renamed(slice);
                int at = indexOf(b, PATIENT_NAME, 0);
                int length = b.length + rng.nextInt(65536 - b.length);
                b[at + 6] = (byte) length;
                b[at + 7] = (byte) (length >> 8);
                yield b;
            }
            case LYING_FRAGMENT_LENGTH, SHORT_FRAGMENT_LENGTH -> {
                byte[] b = renamed(slice);
                int fragment = lastIndexOf(b, ITEM);
                int actual = u32(b, fragment + 4);
                long length = m == Mutation.LYING_FRAGMENT_LENGTH
                        ? actual + 9 + rng.nextInt(1 << 20) // past the end of the file (9: the delimiter and more)
                        : (actual - 2 - 2 * rng.nextInt(actual / 2 - 1)); // even, and at least 2 bytes short
                b[fragment + 4] = (byte) length;
                b[fragment + 5] = (byte) (length >> 8);
                b[fragment + 6] = (byte) (length >> 16);
                b[fragment + 7] = (byte) (length >> 24);
                yield b;
            }
            case UNKNOWN_TRANSFER_SYNTAX -> syntax(slice, String.format(Locale.ROOT, "1.2.840.99999.%08d",
                    rng.nextInt(100_000_000)));
            case WRONG_TRANSFER_SYNTAX -> syntax(slice, WRONG_SYNTAXES.get(rng.nextInt(WRONG_SYNTAXES.size())));
            case BROKEN_FIXTURE -> throw new IllegalArgumentException("fixtures are copied");
        };
    }

    /** The slice with another transfer syntax of the same length (22 characters) in its meta information. */
    private byte[] syntax(byte[] slice, String uid) {
        byte[] b = renamed(slice);
        byte[] u = uid.getBytes(StandardCharsets.US_ASCII);
        if (u.length != JPEG_LS.length) {
            throw new IllegalArgumentException(uid + " is not 22 characters long");
        }
        System.arraycopy(u, 0, b, indexOf(b, JPEG_LS, 132), u.length);
        return b;
    }

    /**
     * The slice with study, series and instance UIDs of its own (same lengths), so that a copy whose header is whole
     * forms its own study instead of joining (or duplicating an instance of) a good one.
     */
    private byte[] renamed(byte[] slice) {
        byte[] b = slice.clone();
        int n = ++serial;
        for (String uid : List.of("2.25.235436580548160749428112081865856640631",
                "2.25.2082710803265677590676327915576337285", "2.25.3492684638662810096873545535776639091",
                "2.25.17731139919223229416807712090610222303")) {
            replaceAll(b, uid, "999999"); // the study and series of the source's broken copies
        }
        // The first 2.25. UID after the preamble is the Media Storage SOP Instance UID, the slice's own.
        int at = indexOf(b, "2.25.".getBytes(StandardCharsets.US_ASCII), 132);
        int end = at;
        while (end < b.length && (Character.isDigit(b[end]) || b[end] == '.')) {
            end++;
        }
        String sop = new String(b, at, end - at, StandardCharsets.US_ASCII);
        replaceAll(b, sop, String.format(Locale.ROOT, "9%06d", n));
        return b;
    }

    /** Replaces every occurrence of {@code uid} by itself with its last characters replaced by {@code tail}. */
    private static void replaceAll(byte[] b, String uid, String tail) {
        byte[] from = uid.getBytes(StandardCharsets.US_ASCII);
        byte[] to = (uid.substring(0, uid.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(b, from, 0); at >= 0; at = indexOf(b, from, at + from.length)) {
            System.arraycopy(to, 0, b, at, to.length);
        }
    }

    /** Where the file meta information ends: after the group length's value. */
    private static int metaEnd(byte[] b) {
        // (0002,0000) UL 4 <length> right after DICM.
        return 132 + 12 + u32(b, 140);
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        int last = -1;
        for (int at = indexOf(hay, needle, 0); at >= 0; at = indexOf(hay, needle, at + 1)) {
            last = at;
        }
        return last;
    }
}
