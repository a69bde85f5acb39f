package org.reslens.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a lesion mask from a grayscale PNG (colour type 0, bit depth 1, 2, 4, 8 or 16, not interlaced): any non-zero
 * sample is lesion. Written here rather than with {@code javax.imageio}, which the layering rules keep out of this
 * package; the reader is strict (chunk CRCs, sizes, filter types) and allocates no more than the size the caller
 * expects, since a mask must match its slice.
 */
public final class MaskPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Mask files beyond this are refused before reading: a 4096 x 4096 16-bit mask compresses far below it. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private MaskPng() {
    }

    /** The mask in {@code file}, which must be {@code width x height} pixels. */
    public static LesionMask read(Path file, int width, int height) throws EvaluationException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw bad(file + ": " + size + " bytes is too large for a mask");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EvaluationException(EvaluationException.Reason.BAD_MASK, "cannot read mask " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            return decode(bytes, width, height);
        } catch (EvaluationException e) {
            throw bad(file + ": " + e.getMessage());
        }
    }

    /** Decodes PNG bytes into a {@code width x height} mask. */
    static LesionMask decode(byte[] png, int width, int height) throws EvaluationException {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("expected size must be positive");
        }
        if (png.length < SIGNATURE.length) {
            throw bad("not a PNG file (" + png.length + " bytes)");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw bad("not a PNG file (no PNG signature at offset 0)");
            }
        }
        int pos = SIGNATURE.length;
        int depth = -1;
        long rowBytes = 0;
        byte[] raw = null;
        Inflater inflater = new Inflater();
        try {
            int produced = 0;
            boolean seenIhdr = false;
            while (true) {
                if (pos + 8 > png.length) {
                    throw bad("truncated at offset " + pos + ": chunk header expected");
                }
                long length = u32(png, pos);
                String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
                if (length > png.length - pos - 12L) {
                    throw bad("truncated at offset " + pos + ": chunk " + type + " declares " + length + " bytes");
                }
                int data = pos + 8;
                int len = (int) length;
                CRC32 crc = new CRC32();
                crc.update(png, pos + 4, 4 + len);
                if ((int) crc.getValue() != (int) u32(png, data + len)) {
                    throw bad("chunk " + type + " at offset " + pos + " fails its CRC");
                }
                if (!seenIhdr && !type.equals("IHDR")) {
                    throw bad("first chunk is " + type + ", not IHDR (offset " + pos + ")");
                }
                switch (type) {
                    case "IHDR" -> {
                        if (seenIhdr || len != 13) {
                            throw bad("bad IHDR at offset " + pos);
                        }
                        seenIhdr = true;
                        long w = u32(png, data);
                        long h = u32(png, data + 4);
                        depth = png[data + 8] & 0xFF;
                        int colour = png[data + 9] & 0xFF;
                        if (w != width || h != height) {
                            throw bad("mask is " + w + " x " + h + ", the slice " + width + " x " + height);
                        }
                        if (colour != 0 || (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16)) {
                            throw bad("colour type " + colour + " at bit depth " + depth + " is not a grayscale mask"
                                    + " (write an 8-bit grayscale PNG)");
                        }
                        if (png[data + 10] != 0 || png[data + 11] != 0) {
                            throw bad("unknown compression or filter method at offset " + (data + 10));
                        }
                        if (png[data + 12] != 0) {
                            throw bad("interlaced masks are not supported");
                        }
                        rowBytes = (w * depth + 7) / 8;
                        raw = new byte[(int) ((rowBytes + 1) * h)];
                    }
                    case "IDAT" -> {
                        inflater.setInput(png, data, len);
                        produced = inflate(inflater, raw, produced, pos);
                    }
                    case "IEND" -> {
                        if (produced != raw.length) {
                            throw bad("image data truncated: " + produced + " of " + raw.length + " bytes");
                        }
                        return new LesionMask(width, height, unfilter(raw, (int) rowBytes, width, height, depth));
                    }
                    default -> {
                        if ((png[pos + 4] & 0x20) == 0) {
                            throw bad("unknown critical chunk " + type + " at offset " + pos);
                        }
                    }
                }
                pos = data + len + 4;
            }
        } finally {
            inflater.end();
        }
    }

    private static int inflate(Inflater inflater, byte[] raw, int produced, int offset) throws EvaluationException {
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                if (produced == raw.length) {
                    byte[] probe = new byte[1];
                    if (inflater.inflate(probe) > 0) {
                        throw bad("more image data than " + raw.length + " bytes (chunk at offset " + offset + ")");
                    }
                    break;
                }
                int n = inflater.inflate(raw, produced, raw.length - produced);
                if (n == 0 && inflater.needsDictionary()) {
                    throw bad("image data needs a preset dictionary (chunk at offset " + offset + ")");
                }
                if (n == 0) {
                    break;  // no progress possible without more input: never spin
                }
                produced += n;
            }
            return produced;
        } catch (DataFormatException e) {
            throw bad("damaged image data in the chunk at offset " + offset + ": " + e.getMessage());
        }
    }

    private static boolean[] unfilter(byte[] raw, int rowBytes, int width, int height, int depth)
            throws EvaluationException {
        int bpp = Math.max(1, depth / 8);
        byte[] prev = new byte[rowBytes];
        byte[] cur = new byte[rowBytes];
        boolean[] inside = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            int at = y * (rowBytes + 1);
            int filter = raw[at] & 0xFF;
            for (int i = 0; i < rowBytes; i++) {
                int x = raw[at + 1 + i] & 0xFF;
                int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                int b = prev[i] & 0xFF;
                int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                int v = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + b;
                    case 3 -> x + ((a + b) >> 1);
                    case 4 -> x + paeth(a, b, c);
                    default -> throw bad("row " + y + " has filter type " + filter);
                };
                cur[i] = (byte) v;
            }
            for (int col = 0; col < width; col++) {
                inside[y * width + col] = sample(cur, col, depth) != 0;
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return inside;
    }

    private static int sample(byte[] row, int col, int depth) {
        return switch (depth) {
            case 8 -> row[col];
            case 16 -> row[2 * col] | row[2 * col + 1];
            default -> {
                int perByte = 8 / depth;
                int shift = 8 - depth * (col % perByte + 1);
                yield (row[col / perByte] >> shift) & ((1 << depth) - 1);
            }
        };
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private static EvaluationException bad(String detail) {
        return new EvaluationException(EvaluationException.Reason.BAD_MASK, detail);
    }
}
