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
 * A small PNG encoder (RGBA, 8 bits per channel, filter type 0, zlib via {@link Deflater}) so that overlays can be
 * saved without {@code javax.imageio}, which the layering rules keep out of this package.
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

    /** The image as PNG bytes; alpha is kept (non-premultiplied, as PNG stores it). */
    public static byte[] encode(org.reslens.imaging.ArgbBuffer image) throws IOException {
        int w = image.width();
        int h = image.height();
        ByteArrayOutputStream raw = new ByteArrayOutputStream(h * (w * 4 + 1) / 4 + 64);
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw, new Deflater(6), 1 << 16)) {
            byte[] row = new byte[w * 4 + 1];
            int[] px = image.pixels();
            for (int y = 0; y < h; y++) {
                row[0] = 0;
                for (int x = 0; x < w; x++) {
                    int p = px[y * w + x];
                    int o = 1 + 4 * x;
                    row[o] = (byte) (p >> 16);
                    row[o + 1] = (byte) (p >> 8);
                    row[o + 2] = (byte) p;
                    row[o + 3] = (byte) (p >>> 24);
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(raw.size() + 64);
        png.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        int32(ihdr, 0, w);
        int32(ihdr, 4, h);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // colour type: RGBA
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", raw.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
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
