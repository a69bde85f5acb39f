package org.reslens.explain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A small PNG encoder (8 bits per channel, filter type 2 "Up" on every row, zlib via {@link Deflater}) so that
 * overlays can be saved without {@code javax.imageio}, which the layering rules keep out of this package. It writes
 * the smallest colour type that holds the image exactly: grayscale when every pixel is opaque gray, RGB when every
 * pixel is opaque, else RGBA.
 *
 * <p>Chosen for speed, on the key images of the demo studies (240 x 240, 40 of each kind): gray images are entropy
 * coded only ({@link Deflater#HUFFMAN_ONLY}), 0.57 ms and 33.8 KB each, against 0.90 ms and 37.0 KB with no filter at
 * zlib's fastest level; images with a heatmap keep that level (its runs of equal colours are worth the string
 * matching), 1.75 ms and 58.1 KB against 1.84 ms and 65.4 KB. The default level 6 took 2.8 and 9.7 ms for 35.6 and
 * 51.0 KB. A screening writes two such images per flagged study.
 */
public final class PngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngWriter() {
    }

    public static void write(Path file, org.reslens.imaging.ArgbBuffer image) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(encode(image));
        }
    }

    /** PNG colour types. */
    static final int GRAY = 0;
    static final int RGB = 2;
    static final int RGBA = 6;

    /** The image as PNG bytes; alpha is kept (non-premultiplied, as PNG stores it). */
    public static byte[] encode(org.reslens.imaging.ArgbBuffer image) throws IOException {
        int w = image.width();
        int h = image.height();
        int[] px = image.pixels();
        int colourType = colourType(px, w * h);
        int channels = colourType == GRAY ? 1 : colourType == RGB ? 3 : 4;
        ByteArrayOutputStream raw = new ByteArrayOutputStream(h * (w * channels + 1) / 3 + 64);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        if (colourType == GRAY) {
            deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw, deflater, 1 << 16)) {
            byte[] row = new byte[w * channels + 1];
            // Up (PNG 9.2): each byte minus the byte above it; the row above the first is all zero.
            byte[] above = new byte[row.length];
            byte[] filtered = new byte[row.length];
            filtered[0] = 2;
            for (int y = 0; y < h; y++) {
                int base = y * w;
                if (channels == 1) {
                    for (int x = 0; x < w; x++) {
                        row[1 + x] = (byte) px[base + x];
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        int p = px[base + x];
                        int o = 1 + channels * x;
                        row[o] = (byte) (p >> 16);
                        row[o + 1] = (byte) (p >> 8);
                        row[o + 2] = (byte) p;
                        if (channels == 4) {
                            row[o + 3] = (byte) (p >>> 24);
                        }
                    }
                }
                for (int i = 1; i < row.length; i++) {
                    filtered[i] = (byte) (row[i] - above[i]);
                }
                z.write(filtered);
                byte[] t = above;
                above = row;
                row = t;
            }
        } finally {
            // A deflater handed to the stream is not ended by it: free zlib's memory now, not at some later GC.
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(raw.size() + 64);
        png.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        int32(ihdr, 0, w);
        int32(ihdr, 4, h);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = (byte) colourType;
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", raw.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** The smallest colour type that holds these pixels exactly. */
    static int colourType(int[] px, int n) {
        boolean gray = true;
        for (int i = 0; i < n; i++) {
            int p = px[i];
            if (p >>> 24 != 0xFF) {
                return RGBA;
            }
            if (gray && ((p >> 16 & 0xFF) != (p & 0xFF) || (p >> 8 & 0xFF) != (p & 0xFF))) {
                gray = false;
            }
        }
        return gray ? GRAY : RGB;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        int32(len, 0, data.length);
        out.write(len, 0, 4);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t, 0, 4);
        out.write(data, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        int32(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void int32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
