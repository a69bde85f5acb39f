package org.reslens.screening;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import org.reslens.inference.ModelSessions;
import org.reslens.inference.RuntimeOptions;

/** The committed screening fixtures (made by src/test/fixtures/screening/make_screening_fixtures.py) and helpers. */
final class Fixtures {
    static final Path ROOT = Path.of("src/test/resources/screening");
    static final Path CORPUS = ROOT.resolve("corpus");
    static final Path MODEL = ROOT.resolve("model");
    static final Path DEMO = Path.of("assets/demo");
    static final Path DEFAULT_MODEL = Path.of("models/brain-lesion-demo");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode manifest() throws IOException {
        return JSON.readTree(ROOT.resolve("manifest.json").toFile());
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Model sessions for tests: one intra-op thread (the machine is shared), optimised models cached in a temp dir. */
    static ModelSessions sessions(Path cache) {
        return new ModelSessions(RuntimeOptions.batch().withSpinning(false).withIntraOpThreads(1)
                .withCacheDirectory(cache));
    }

    /** Every file under a folder with its size and modification time, to show that a run left it untouched. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static boolean installed(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool and returns stdout+stderr; skips the test when the tool is not installed. */
    static String run(String... command) throws IOException, InterruptedException {
        assumeTrue(installed(command[0]), command[0] + " is not installed");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish");
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command[0] + " exited with " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /** A decoded PNG as written by explain.PngWriter (8-bit gray, RGB or RGBA, filter 2): ARGB pixels. */
    record Png(int width, int height, int[] argb) {
        int at(int x, int y) {
            return argb[y * width + x];
        }
    }

    /** A PNG as ResLens writes it: 8-bit gray, RGB or RGBA with filter 2 (Up) on every row (anything else fails). */
    static Png png(Path file) throws IOException {
        return decode(file, true);
    }

    /** Any 8-bit gray, RGB or RGBA PNG, all five row filters (Chromium's screenshots). */
    static Png pngAnyFilter(Path file) throws IOException {
        return decode(file, false);
    }

    private static Png decode(Path file, boolean strict) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        byte[] sig = new byte[8];
        b.get(sig);
        if (sig[1] != 'P' || sig[2] != 'N' || sig[3] != 'G') {
            throw new IOException(file + " is not a PNG");
        }
        int w = 0;
        int h = 0;
        int channels = 4;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        List<String> chunks = new ArrayList<>();
        while (b.remaining() >= 12) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            b.getInt();
            String t = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
            chunks.add(t);
            if (t.equals("IHDR")) {
                ByteBuffer ih = ByteBuffer.wrap(data);
                w = ih.getInt();
                h = ih.getInt();
                if (data[8] != 8 || (data[9] != 6 && data[9] != 2 && data[9] != 0) || data[12] != 0) {
                    throw new IOException("only 8-bit gray, RGB or RGBA, not interlaced");
                }
                channels = data[9] == 6 ? 4 : data[9] == 2 ? 3 : 1;
            } else if (t.equals("IDAT")) {
                idat.write(data);
            }
        }
        if (!chunks.contains("IEND")) {
            throw new IOException(file + " has no IEND: truncated");
        }
        Inflater inf = new Inflater();
        inf.setInput(idat.toByteArray());
        int stride = w * channels;
        byte[] raw = new byte[h * (stride + 1)];
        try {
            int n = 0;
            while (n < raw.length && !inf.finished()) {
                int k = inf.inflate(raw, n, raw.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new IOException(file + ": image data ends early");
                }
                n += k;
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException(e);
        }
        byte[] cur = new byte[stride];
        byte[] prev = new byte[stride];
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * (stride + 1);
            int filter = raw[row];
            if (strict && filter != 2) {
                throw new IOException("filter " + filter + " in a ResLens PNG");
            }
            for (int i = 0; i < stride; i++) {
                int x = raw[row + 1 + i] & 0xFF;
                int a = i >= channels ? cur[i - channels] & 0xFF : 0;
                int up = prev[i] & 0xFF;
                int c = i >= channels ? prev[i - channels] & 0xFF : 0;
                int v = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + up;
                    case 3 -> x + (a + up) / 2;
                    case 4 -> {
                        int p = a + up - c;
                        int pa = Math.abs(p - a);
                        int pb = Math.abs(p - up);
                        int pc = Math.abs(p - c);
                        yield x + (pa <= pb && pa <= pc ? a : pb <= pc ? up : c);
                    }
                    default -> throw new IOException("unknown PNG filter " + filter);
                };
                cur[i] = (byte) v;
            }
            for (int xx = 0; xx < w; xx++) {
                int o = xx * channels;
                int alpha = channels == 4 ? cur[o + 3] & 0xFF : 0xFF;
                px[y * w + xx] = channels == 1 ? alpha << 24 | (cur[o] & 0xFF) * 0x010101
                        : alpha << 24 | (cur[o] & 0xFF) << 16 | (cur[o + 1] & 0xFF) << 8 | cur[o + 2] & 0xFF;
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return new Png(w, h, px);
    }
}
