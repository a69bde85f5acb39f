package org.reslens.imaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/** Where the imaging fixtures live and how to read the formats other tools wrote them in. */
final class Fixtures {
    static final Path IMAGING = Path.of("src/test/resources/imaging");
    static final Path CORPUS = Path.of("src/test/resources/dicom");

    private Fixtures() {
    }

    /** A binary PGM (P5, 8-bit) or PPM (P6) as ARGB-free arrays: gray values or packed 0xRRGGBB. */
    record Pnm(int width, int height, int channels, byte[] data) {
        int gray(int i) {
            return data[i] & 0xFF;
        }

        int rgb(int i) {
            return (data[3 * i] & 0xFF) << 16 | (data[3 * i + 1] & 0xFF) << 8 | data[3 * i + 2] & 0xFF;
        }
    }

    static Pnm pnm(String name) throws IOException {
        byte[] b = Files.readAllBytes(IMAGING.resolve("dcmtk").resolve(name));
        int[] pos = {0};
        String magic = token(b, pos);
        int w = Integer.parseInt(token(b, pos));
        int h = Integer.parseInt(token(b, pos));
        int max = Integer.parseInt(token(b, pos));
        if (max != 255) {
            throw new IOException("only 8-bit PNM supported");
        }
        pos[0]++; // the single whitespace after maxval
        int channels = magic.equals("P6") ? 3 : 1;
        byte[] data = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + w * h * channels);
        return new Pnm(w, h, channels, data);
    }

    private static String token(byte[] b, int[] pos) {
        while (Character.isWhitespace(b[pos[0]]) || b[pos[0]] == '#') {
            if (b[pos[0]] == '#') {
                while (b[pos[0]] != '\n') {
                    pos[0]++;
                }
            }
            pos[0]++;
        }
        int start = pos[0];
        while (!Character.isWhitespace(b[pos[0]])) {
            pos[0]++;
        }
        return new String(b, start, pos[0] - start, StandardCharsets.US_ASCII);
    }

    /** A little-endian float32 .npy array (C order), flattened. */
    static float[] npyFloats(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b[0] != (byte) 0x93 || b[1] != 'N') {
            throw new IOException(p + " is not .npy");
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
        String header = new String(b, start, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(p + ": expected C-order <f4, header " + header);
        }
        ByteBuffer data = ByteBuffer.wrap(b, start + headerLen, b.length - start - headerLen)
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[data.remaining() / 4];
        data.asFloatBuffer().get(out);
        return out;
    }

    /** A raw little-endian 16-bit single-sample frame. */
    static PixelFrame raw16(Path p, int rows, int columns, boolean signed) throws IOException {
        byte[] b = Files.readAllBytes(p);
        short[] s = new short[rows * columns];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return new PixelFrame(rows, columns, 1, Photometric.MONOCHROME2, 16, signed, null, s, null);
    }

    static PixelFrame frame16(int rows, int columns, int bitsStored, boolean signed, int... values) {
        short[] s = new short[rows * columns];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) values[i % values.length];
        }
        return new PixelFrame(rows, columns, 1, Photometric.MONOCHROME2, bitsStored, signed, null, s, null);
    }
}
