package org.reslens.inference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the little-endian float32 / int64 / uint16 / uint8 C-order NPY files that the fixture scripts write with
 * numpy.save; exactly one of the arrays is set.
 */
public record Npy(int[] shape, float[] floats, long[] longs, short[] shorts, byte[] bytes) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static Npy read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N') {
            throw new IOException(file + " is not an NPY file");
        }
        int major = b[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            start = 10;
        } else {
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            start = 12;
        }
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IOException(file + " is Fortran-ordered");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException(file + ": cannot read header " + header);
        }
        String[] parts = s.group(1).split(",");
        int n = 0;
        for (String p : parts) {
            if (!p.isBlank()) {
                n++;
            }
        }
        int[] shape = new int[n];
        int i = 0;
        for (String p : parts) {
            if (!p.isBlank()) {
                shape[i++] = Integer.parseInt(p.trim());
            }
        }
        ByteBuffer data = ByteBuffer.wrap(b, start + headerLen, b.length - start - headerLen)
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (d.group(1)) {
            case "<f4" -> {
                float[] f = new float[data.remaining() / 4];
                data.asFloatBuffer().get(f);
                return new Npy(shape, f, null, null, null);
            }
            case "<i8" -> {
                long[] l = new long[data.remaining() / 8];
                data.asLongBuffer().get(l);
                return new Npy(shape, null, l, null, null);
            }
            case "<u2", "<i2" -> {
                short[] v = new short[data.remaining() / 2];
                data.asShortBuffer().get(v);
                return new Npy(shape, null, null, v, null);
            }
            case "|u1", "|b1" -> {
                byte[] v = new byte[data.remaining()];
                data.get(v);
                return new Npy(shape, null, null, null, v);
            }
            default -> throw new IOException(file + ": unsupported dtype " + d.group(1));
        }
    }

    /** Elements per leading index (e.g. one image of an [N, C, H, W] array). */
    public int stride() {
        int s = 1;
        for (int i = 1; i < shape.length; i++) {
            s *= shape[i];
        }
        return s;
    }

    public float[] slice(int index) {
        int s = stride();
        float[] out = new float[s];
        System.arraycopy(floats, index * s, out, 0, s);
        return out;
    }
}
