package org.reslens.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.PixelDataInfo;
import org.reslens.dicom.TransferSyntax;

/**
 * Regenerates the seed part of the Jazzer regression inputs ({@code <TestClass>Inputs/<method>/seed-*}) from the
 * fixtures in {@code src/test/resources/dicom} and {@code src/test/resources/codec}. Inputs named {@code crash-*} and
 * {@code corpus-*} (found by fuzzing and kept on purpose) are left alone. Run from the repository root:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.reslens.fuzz.FuzzSeeds
 * </pre>
 * or see fuzz/README.md. The selection favours small files (the fuzzer's input length limit follows the largest seed)
 * and keeps the whole inputs tree under about 1.5 MB.
 */
public final class FuzzSeeds {
    private static final Path DICOM = Path.of("src/test/resources/dicom");
    private static final Path CODEC = Path.of("src/test/resources/codec");
    private static final Path INPUTS = Path.of("src/test/resources/org/reslens/fuzz");
    /** Seeds larger than this are not copied: they slow every fuzzing iteration for little new coverage. */
    private static final long MAX_SEED = 24 * 1024;

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException, DicomException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(DICOM)) {
            all = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".json")
                    && !p.toString().endsWith(".md")).sorted().toList();
        }
        headerParsing(all);
        fullRead(all);
        encapsulated(all);
        codecs(all);
        characterSets(all);
    }

    private static void headerParsing(List<Path> all) throws IOException {
        Path dir = clean("DicomReaderFuzzTestInputs/headerParsing");
        for (Path p : all) {
            String rel = DICOM.relativize(p).toString();
            boolean wanted = rel.startsWith("broken/") || rel.startsWith("charset/") || rel.startsWith("structure/")
                    || rel.equals("dicomdir/DICOMDIR") || rel.contains("nometa") || rel.contains("nopreamble")
                    || rel.contains("deflated") || rel.equals("native/gray8_bigendian.dcm")
                    || rel.equals("native/gray8_implicit_gdcm.dcm");
            // The 200 KB deep-nesting file is the one large seed worth its size: it reaches the depth limit.
            if (wanted && (Files.size(p) <= MAX_SEED || rel.contains("deep_sequence"))) {
                copy(p, dir, rel);
            }
        }
    }

    private static void fullRead(List<Path> all) throws IOException {
        Path dir = clean("DicomReaderFuzzTestInputs/fullRead");
        for (Path p : all) {
            String rel = DICOM.relativize(p).toString();
            boolean wanted = rel.startsWith("pixel/") || rel.startsWith("compressed/")
                    || rel.equals("native/gray8.dcm") || rel.equals("native/ct_s12_bigendian.dcm")
                    || rel.equals("native/mr_u12_deflated.dcm") || rel.equals("native/rgb8_bigendian.dcm")
                    || rel.equals("broken/pixeldata_truncated_62.dcm") || rel.equals("broken/fragment_past_end.dcm");
            if (wanted && Files.size(p) <= MAX_SEED && !rel.contains("ct256")) {
                copy(p, dir, rel);
            }
        }
    }

    private static void encapsulated(List<Path> all) throws IOException {
        Path dir = clean("EncapsulatedPixelDataFuzzTestInputs/fragmentTables");
        for (Path p : all) {
            String rel = DICOM.relativize(p).toString();
            if (!rel.startsWith("compressed/") || Files.size(p) > MAX_SEED) {
                continue;
            }
            DicomFile f = open(p);
            if (f == null || f.pixelData().isEmpty() || !f.pixelData().get().encapsulated()) {
                continue;
            }
            int ts = Arrays.asList(EncapsulatedPixelDataFuzzTest.SYNTAXES).indexOf(harnessSyntax(f.transferSyntax()));
            ImagePixel ip;
            try {
                ip = f.imagePixel();
            } catch (DicomException e) {
                continue;
            }
            int photometric = Arrays.asList(EncapsulatedPixelDataFuzzTest.PHOTOMETRICS).indexOf(ip.photometric());
            if (ts < 0 || photometric < 0 || ip.rows() > 1024 || ip.columns() > 1024 || ip.frames() > 128
                    || (ip.bitsAllocated() != 8 && ip.bitsAllocated() != 16)
                    || ip.bitsAllocated() - ip.bitsStored() > 7) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(p);
            PixelDataInfo pd = f.pixelData().get();
            byte[] value = Arrays.copyOfRange(bytes, (int) pd.valueOffset(), bytes.length);
            byte[] eot = f.dataset().getBytes(0x7FE00001);
            byte[] eotLengths = f.dataset().getBytes(0x7FE00002);
            if (eot == null || eotLengths == null) {
                eot = null;
                eotLengths = null;
            }
            write(dir, rel, EncapsulatedPixelDataFuzzTest.input(ts, ip.frames(), ip.rows(), ip.columns(), photometric,
                    ip.bitsAllocated(), ip.bitsStored(), ip.signed(), eot, eotLengths, value));
        }
    }

    /** The harness offers one syntax per codec family; the seed uses the family's representative. */
    private static String harnessSyntax(TransferSyntax ts) {
        return switch (ts.compression()) {
            case RLE -> Crafted.RLE;
            case JPEG -> ts == TransferSyntax.JPEG_BASELINE || ts == TransferSyntax.JPEG_EXTENDED
                    ? Crafted.JPEG_BASELINE : Crafted.JPEG_LOSSLESS_SV1;
            case JPEG_LS -> Crafted.JPEG_LS;
            case JPEG_2000 -> Crafted.JPEG_2000;
            default -> "";
        };
    }

    private static void codecs(List<Path> all) throws IOException, DicomException {
        Path rle = clean("CodecFuzzTestInputs/rle");
        Path jpegLs = clean("CodecFuzzTestInputs/jpegLs");
        Path jpegDct = clean("CodecFuzzTestInputs/jpegDct");
        Path imageIoJpeg = clean("CodecFuzzTestInputs/imageIoJpeg");
        Path j2k = clean("CodecFuzzTestInputs/imageIoJpeg2000");
        Path lossless = clean("CodecFuzzTestInputs/jpegLossless");
        try (Stream<Path> s = Files.list(CODEC.resolve("jpeg-lossless"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                copy(p, lossless, p.getFileName().toString());
            }
        }
        try (Stream<Path> s = Files.list(CODEC.resolve("jpegls"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jls")).sorted().toList()) {
                if (Files.size(p) <= 4096) {
                    copy(p, jpegLs, p.getFileName().toString());
                }
            }
        }
        try (Stream<Path> s = Files.list(CODEC.resolve("jpeg12"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                copy(p, jpegDct, p.getFileName().toString());
                if (p.getFileName().toString().startsWith("gray8") || p.getFileName().toString().startsWith("rgb8")) {
                    copy(p, imageIoJpeg, p.getFileName().toString());
                }
            }
        }
        for (Path p : all) {
            String rel = DICOM.relativize(p).toString();
            if (!rel.startsWith("compressed/") || Files.size(p) > MAX_SEED) {
                continue;
            }
            DicomFile f = open(p);
            if (f == null || f.pixelData().isEmpty() || !f.pixelData().get().encapsulated()) {
                continue;
            }
            boolean rleFrames = f.transferSyntax().compression() == TransferSyntax.Compression.RLE;
            List<byte[]> frames = firstFrameFragments(Files.readAllBytes(p), f.pixelData().get(), rleFrames);
            if (frames.isEmpty()) {
                continue;
            }
            byte[] first = frames.get(0);
            switch (f.transferSyntax().compression()) {
                case RLE -> {
                    ImagePixel ip = f.imagePixel();
                    if (ip.rows() <= 1024 && ip.columns() <= 1024) {
                        int width = ip.bitsAllocated() / 8;
                        byte[] h = {(byte) (ip.rows() - 1), (byte) ((ip.rows() - 1) >> 8), (byte) (ip.columns() - 1),
                            (byte) ((ip.columns() - 1) >> 8),
                            (byte) ((ip.samplesPerPixel() == 3 ? 1 : 0) | (width == 2 ? 2 : width == 4 ? 4 : 0))};
                        write(rle, rel, concat(h, first));
                    }
                }
                case JPEG -> {
                    if (rel.contains("extended") || rel.contains("s12") || rel.contains("u12")) {
                        write(jpegDct, rel, first);
                    }
                    if (rel.contains("lossless")) {
                        write(lossless, rel, first);
                    } else if (rel.contains("gray8") || rel.contains("rgb8")) {
                        write(imageIoJpeg, rel, first);
                    }
                }
                case JPEG_2000 -> write(j2k, rel, first);
                case JPEG_LS -> {
                    if (rel.contains("gdcm") || rel.contains("near")) {
                        write(jpegLs, rel, first);
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * The codestream of the first frame: its fragments up to the next one that starts a codestream, or the first
     * fragment alone where each frame is one fragment (RLE).
     */
    private static List<byte[]> firstFrameFragments(byte[] file, PixelDataInfo pd, boolean onePerFrame) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int p = (int) pd.valueOffset();
        List<byte[]> fragments = new ArrayList<>();
        boolean first = true;
        while (p + 8 <= file.length) {
            int tag = (b.getShort(p) & 0xFFFF) << 16 | (b.getShort(p + 2) & 0xFFFF);
            long len = b.getInt(p + 4) & 0xFFFFFFFFL;
            if (tag != Crafted.ITEM || p + 8 + len > file.length) {
                break;
            }
            if (!first) {
                fragments.add(Arrays.copyOfRange(file, p + 8, p + 8 + (int) len));
            }
            first = false;
            p += 8 + (int) len;
        }
        if (fragments.isEmpty() || onePerFrame) {
            return fragments.isEmpty() ? fragments : List.of(fragments.get(0));
        }
        byte[] joined = new byte[0];
        for (byte[] f : fragments) {
            joined = concat(joined, f);
            if (startsFrame(f) && joined.length > f.length) {
                // several frames: the first codestream is complete
                return List.of(Arrays.copyOf(joined, joined.length - f.length));
            }
        }
        return List.of(joined);
    }

    private static boolean startsFrame(byte[] f) {
        return f.length >= 2 && (f[0] & 0xFF) == 0xFF && ((f[1] & 0xFF) == 0xD8 || (f[1] & 0xFF) == 0x4F);
    }

    /** Specific Character Set terms and text values of the character-set fixtures, in the harness's layout. */
    private static void characterSets(List<Path> all) throws IOException {
        Path dir = clean("CharacterSetFuzzTestInputs/decode");
        List<String> known = Arrays.asList(CharacterSetFuzzTest.TERMS);
        for (Path p : all) {
            String rel = DICOM.relativize(p).toString();
            if (!rel.startsWith("charset/")) {
                continue;
            }
            DicomFile f = open(p);
            if (f == null) {
                continue;
            }
            Attributes ds = f.dataset();
            String[] terms = ds.getStrings(0x00080005);
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            head.write(Math.min(terms.length, 4));
            for (int i = 0; i < Math.min(terms.length, 4); i++) {
                int k = known.indexOf(terms[i]);
                if (k >= 0) {
                    head.write(0x80 | k);
                } else {
                    byte[] t = terms[i].getBytes(StandardCharsets.ISO_8859_1);
                    head.write(Math.min(t.length, 0x1F));
                    head.write(t, 0, Math.min(t.length, 0x1F));
                }
            }
            int n = 0;
            for (int tag : ds.tags()) {
                byte[] value = ds.getBytes(tag);
                org.reslens.dicom.VR vr = ds.vr(tag);
                if (value == null || vr == null || vr.kind() != org.reslens.dicom.VR.Kind.TEXT_SPECIFIC) {
                    continue;
                }
                byte[] headBytes = head.toByteArray();
                byte[] in = concat(headBytes, concat(new byte[] {(byte) vr.ordinal()}, value));
                write(dir, rel + "." + Integer.toHexString(tag), in);
                if (++n >= 3) {
                    break;
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static DicomFile open(Path p) {
        try {
            return DicomFile.open(p);
        } catch (DicomException e) {
            return null;
        }
    }

    /** Creates the directory and removes the seeds generated before (kept inputs stay). */
    private static Path clean(String rel) throws IOException {
        Path dir = INPUTS.resolve(rel);
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("seed-")).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return dir;
    }

    private static void copy(Path from, Path dir, String rel) throws IOException {
        write(dir, rel, Files.readAllBytes(from));
    }

    private static void write(Path dir, String rel, byte[] bytes) throws IOException {
        String name = "seed-" + rel.replace('/', '_').replaceAll("\\.dcm$", "");
        Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
