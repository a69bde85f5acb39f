package org.reslens.dicom.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decodes one scan of a lossless frame (T.81 Annex H, Huffman coding) line by line: the differences of a line
 * first (all components of the scan, in MCU order), then the prediction of each component's line from the line
 * above, then the copy into the interleaved output with the point transform undone.
 *
 * <p>The entropy decoder keeps its bits in local variables of {@link #decodeDifferences}, the hot loop, and reads
 * the input array directly, eight bytes at a time where none of them is 0xFF; stuffed bytes, markers and the end
 * of the input take the slow path. After a marker or the end of the input it feeds zero bits, so that look-ahead
 * never fails; a line that used any of those invented bits was cut off, which valid data never is.
 */
final class JpegLosslessScan {
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A difference and its code need at most 16 + 15 bits (category 16 has no additional bits). */
    private static final int BITS_PER_SAMPLE = 32;

    private final byte[] data;
    private final int end;
    private final int width;
    private final int height;
    private final JpegLosslessTable[] tables;
    private final int[] outputComponent;
    private final int frameComponents;
    private final int predictor;
    private final int pointTransform;
    private final int mask;
    private final int initialPrediction;
    private final int restartInterval;

    // The bit reader between lines; decodeDifferences works on copies in local variables.
    private int pos;
    /** The valid bits are the top {@code bitCount} bits, the oldest one highest. */
    private long bitBuffer;
    private int bitCount;
    /** How many of the buffered bits are zeros invented after a marker or the end of the input. */
    private int inventedBits;
    private boolean stopped;
    private int restartsSeen;

    /**
     * @param outputComponent the index in the frame (and in the interleaved output) of each scan component
     * @param precision       the frame's sample precision P
     * @param restartInterval in lines (0: none)
     */
    JpegLosslessScan(byte[] data, int start, int end, int width, int height, JpegLosslessTable[] tables,
            int[] outputComponent, int frameComponents, int precision, int predictor, int pointTransform,
            int restartInterval) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.width = width;
        this.height = height;
        this.tables = tables;
        this.outputComponent = outputComponent;
        this.frameComponents = frameComponents;
        this.predictor = predictor;
        this.pointTransform = pointTransform;
        // T.81 H.1.2.1: reconstruction is modulo 2^16; for valid data it stays below 2^(P-Pt), and masking to
        // that keeps the output in range for invalid data too (2^(P-Pt) divides 2^16, so nothing else changes).
        this.mask = (1 << (precision - pointTransform)) - 1;
        this.initialPrediction = 1 << (precision - pointTransform - 1);
        this.restartInterval = restartInterval;
    }

    /** Decodes the scan into {@code shorts} or {@code bytes}; returns the input position after its data. */
    int decode(short[] shorts, byte[] bytes) throws DicomException {
        int components = tables.length;
        int[] differences = new int[width * components];
        int[][] above = new int[components][width];
        int[][] line = new int[components][width];
        for (int y = 0; y < height; y++) {
            boolean firstLine = y == 0;
            if (restartInterval > 0 && y > 0 && y % restartInterval == 0) {
                restart();
                firstLine = true;
            }
            decodeDifferences(differences);
            if (bitCount < inventedBits) {
                throw overrun(y);
            }
            for (int k = 0; k < components; k++) {
                int[] current = line[k];
                if (firstLine) {
                    predictFirstLine(differences, k, components, current);
                } else {
                    predict(differences, k, components, above[k], current);
                }
                int first = (y * width) * frameComponents + outputComponent[k];
                if (shorts != null) {
                    store(current, shorts, first);
                } else {
                    store(current, bytes, first);
                }
                line[k] = above[k];
                above[k] = current;
            }
        }
        return pos;
    }

    /** The hot loop: Huffman-decodes the differences of one line, all scan components interleaved. */
    private void decodeDifferences(int[] differences) throws DicomException {
        final byte[] in = data;
        final JpegLosslessTable[] tables = this.tables;
        final int components = tables.length;
        long buffer = bitBuffer;
        int count = bitCount;
        int p = pos;
        int fastEnd = stopped ? -1 : end - 8;
        int component = 0;
        int[] lookup = tables[0].lookup;
        for (int i = 0; i < differences.length; i++) {
            if (components > 1) {
                lookup = tables[component].lookup;
            }
            if (count < BITS_PER_SAMPLE) {
                long word = p <= fastEnd ? (long) BIG_ENDIAN_LONG.get(in, p) : -1L;
                long inverted = ~word;
                if (((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) == 0) {
                    // No 0xFF among the eight bytes, so no stuffing and no marker: take as many whole bytes as fit.
                    // The bits of the other bytes land below the valid ones; they are the very bits the next
                    // refill will OR in there again, so they need no clearing.
                    buffer |= word >>> count;
                    int taken = (63 - count) >>> 3;
                    p += taken;
                    count += taken << 3;
                } else {
                    bitBuffer = buffer;
                    bitCount = count;
                    pos = p;
                    refillSlowly();
                    buffer = bitBuffer;
                    count = bitCount;
                    p = pos;
                    fastEnd = stopped ? -1 : end - 8;
                }
            }
            int entry = lookup[(int) (buffer >>> (64 - JpegLosslessTable.BITS))];
            int used = entry & 0xFF;
            int difference = entry >> 8;
            if (used == 0) {
                long decoded = tables[component].decodeSlowly(buffer);
                used = (int) decoded & 0xFF;
                difference = (int) (decoded >> 8);
                if (used > BITS_PER_SAMPLE) {
                    pos = p;
                    throw new DicomException(ErrorKind.MALFORMED, decoded == JpegLosslessTable.INVALID_CODE
                            ? "invalid Huffman code in lossless scan data"
                            : "lossless difference category above 16", Math.min(p, end));
                }
            }
            buffer <<= used;
            count -= used;
            differences[i] = difference;
            if (++component == components) {
                component = 0;
            }
        }
        bitBuffer = buffer;
        bitCount = count;
        pos = p;
    }

    /**
     * Fills the bit buffer byte by byte: removes the 0x00 stuffed after a 0xFF data byte, stops in front of a
     * marker and feeds zeros from there and after the end of the input.
     */
    private void refillSlowly() {
        // The fast path may have left bits below the valid ones; here bytes are ORed in that may differ from them.
        long buffer = bitBuffer & ~(-1L >>> bitCount);
        int count = bitCount;
        while (count <= 56) {
            int b = 0;
            if (!stopped && pos < end) {
                b = data[pos] & 0xFF;
                if (b != 0xFF) {
                    pos++;
                } else if (pos + 1 < end && data[pos + 1] == 0) {
                    pos += 2;
                } else {
                    stopped = true; // a marker, or a lone 0xFF at the very end
                    b = 0;
                }
            } else {
                stopped = true;
            }
            if (stopped) {
                inventedBits += 8;
            }
            buffer |= (long) b << (56 - count);
            count += 8;
        }
        bitBuffer = buffer;
        bitCount = count;
    }

    /** T.81 H.1.2.1: the first line of the scan and of each restart interval is predicted from the left only. */
    private void predictFirstLine(int[] differences, int k, int stride, int[] current) {
        int mask = this.mask;
        int left = initialPrediction;
        for (int x = 0, i = k; x < current.length; x++, i += stride) {
            left = (left + differences[i]) & mask;
            current[x] = left;
        }
    }

    /** The other lines: the sample above starts the line, then the scan's predictor (T.81 Table H.1). */
    private void predict(int[] differences, int k, int stride, int[] above, int[] current) {
        int mask = this.mask;
        int n = current.length;
        int left = (above[0] + differences[k]) & mask;
        current[0] = left;
        int i = k + stride;
        switch (predictor) {
            case 1 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    left = (left + differences[i]) & mask;
                    current[x] = left;
                }
            }
            case 2 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    current[x] = (above[x] + differences[i]) & mask;
                }
            }
            case 3 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    current[x] = (above[x - 1] + differences[i]) & mask;
                }
            }
            case 4 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    left = (left + above[x] - above[x - 1] + differences[i]) & mask;
                    current[x] = left;
                }
            }
            case 5 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    left = (left + ((above[x] - above[x - 1]) >> 1) + differences[i]) & mask;
                    current[x] = left;
                }
            }
            case 6 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    left = (above[x] + ((left - above[x - 1]) >> 1) + differences[i]) & mask;
                    current[x] = left;
                }
            }
            case 7 -> {
                for (int x = 1; x < n; x++, i += stride) {
                    left = (((left + above[x]) >> 1) + differences[i]) & mask;
                    current[x] = left;
                }
            }
            default -> throw new IllegalStateException("predictor " + predictor);
        }
    }

    private void store(int[] line, short[] out, int first) {
        int shift = pointTransform;
        int stride = frameComponents;
        if (stride == 1 && shift == 0) {
            for (int x = 0; x < line.length; x++) {
                out[first + x] = (short) line[x];
            }
            return;
        }
        for (int x = 0, o = first; x < line.length; x++, o += stride) {
            out[o] = (short) (line[x] << shift);
        }
    }

    private void store(int[] line, byte[] out, int first) {
        int shift = pointTransform;
        int stride = frameComponents;
        for (int x = 0, o = first; x < line.length; x++, o += stride) {
            out[o] = (byte) (line[x] << shift);
        }
    }

    /** Skips to the restart marker that must come next, checks its number, and starts reading afresh after it. */
    private void restart() throws DicomException {
        int expected = 0xD0 + (restartsSeen & 7);
        int p = JpegDctScan.findMarker(data, pos, end);
        if (p < 0) {
            throw new DicomException(ErrorKind.TRUNCATED, "lossless scan data ends where a restart marker is due",
                    end);
        }
        int marker = data[p + 1] & 0xFF;
        if (marker != expected) {
            throw new DicomException(ErrorKind.MALFORMED, String.format(
                    "expected restart marker 0xFF%02X, found 0xFF%02X", expected, marker), p);
        }
        restartsSeen++;
        pos = p + 2;
        bitBuffer = 0;
        bitCount = 0;
        inventedBits = 0;
        stopped = false;
    }

    private DicomException overrun(int y) {
        String what = "lossless scan data ends within line " + (y + 1) + " of " + height;
        boolean atEnd = pos >= end || (pos == end - 1 && data[pos] == (byte) 0xFF);
        return atEnd
                ? new DicomException(ErrorKind.TRUNCATED, what, end)
                : new DicomException(ErrorKind.MALFORMED, what + " (cut by a marker)", pos);
    }
}
