package org.reslens.dicom.codec;

import java.util.Arrays;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decodes the entropy-coded data of one sequential scan (T.81 F.2) into the sample planes of its components: MCU
 * order for interleaved scans (A.2.3), block order for a single component (A.2.2), restart markers every
 * {@code restartInterval} MCUs (F.2.2.5 resets the DC predictions).
 */
final class JpegDctScan {
    /** Natural (row-major) position of the k-th coefficient in zigzag order, T.81 Figure A.6. */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };

    private final byte[] data;
    private final int end;
    private final JpegHuffmanReader in;
    private final JpegDctComponent[] components;
    private final JpegHuffmanTable[] dcTables;
    private final JpegHuffmanTable[] acTables;
    private final JpegDctIdct idct;
    private final int restartInterval;
    private final int[] block = new int[64];
    private int restartsSeen;

    JpegDctScan(byte[] data, int start, int end, JpegDctComponent[] components, JpegHuffmanTable[] dcTables,
            JpegHuffmanTable[] acTables, JpegDctIdct idct, int restartInterval) {
        this.data = data;
        this.end = end;
        this.in = new JpegHuffmanReader(data, start, end);
        this.components = components;
        this.dcTables = dcTables;
        this.acTables = acTables;
        this.idct = idct;
        this.restartInterval = restartInterval;
    }

    /**
     * Decodes the scan; returns the input position after its entropy-coded data.
     *
     * @param mcusPerLine MCUs per line of the frame, used when the scan interleaves components
     */
    int decode(int mcusPerLine, int mcuRows) throws DicomException {
        for (JpegDctComponent c : components) {
            c.dcPredictor = 0;
        }
        boolean single = components.length == 1;
        JpegDctComponent first = components[0];
        int columns = single ? (first.width + 7) / 8 : mcusPerLine;
        int rows = single ? (first.height + 7) / 8 : mcuRows;
        int untilRestart = restartInterval;
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < columns; col++) {
                if (restartInterval > 0) {
                    if (untilRestart == 0) {
                        restart();
                        untilRestart = restartInterval;
                    }
                    untilRestart--;
                }
                if (single) {
                    int stride = first.stride();
                    decodeBlock(first, dcTables[0], acTables[0], row * 8 * stride + col * 8, stride);
                } else {
                    decodeMcu(row, col);
                }
                if (in.overran()) {
                    throw overrun((long) row * columns + col, (long) rows * columns);
                }
            }
        }
        return in.position();
    }

    private void decodeMcu(int mcuRow, int mcuCol) throws DicomException {
        for (int i = 0; i < components.length; i++) {
            JpegDctComponent c = components[i];
            int stride = c.stride();
            for (int by = 0; by < c.v; by++) {
                int rowOffset = (mcuRow * c.v + by) * 8 * stride;
                for (int bx = 0; bx < c.h; bx++) {
                    decodeBlock(c, dcTables[i], acTables[i], rowOffset + (mcuCol * c.h + bx) * 8, stride);
                }
            }
        }
    }

    /** T.81 F.2.2.1 (DC difference) and F.2.2.2 (AC run/size pairs), dequantised on the fly. */
    private void decodeBlock(JpegDctComponent c, JpegHuffmanTable dcTable, JpegHuffmanTable acTable, int offset,
            int stride) throws DicomException {
        int[] q = c.quant;
        int size = in.decode(dcTable);
        if (size != 0) {
            if (size > 15) {
                throw new DicomException(ErrorKind.MALFORMED, "DC difference category " + size + " above 15",
                        in.position());
            }
            c.dcPredictor += in.receiveExtend(size);
        }
        int dc = c.dcPredictor * q[0];
        boolean anyAc = false;
        for (int k = 1; k < 64; ) {
            int rs = in.decode(acTable);
            int run = rs >>> 4;
            size = rs & 15;
            if (size == 0) {
                if (run != 15) {
                    break; // EOB
                }
                k += 16; // ZRL
                continue;
            }
            k += run;
            if (k > 63) {
                throw new DicomException(ErrorKind.MALFORMED, "AC coefficients run past the end of a block",
                        in.position());
            }
            if (!anyAc) {
                Arrays.fill(block, 0);
                anyAc = true;
            }
            block[ZIGZAG[k]] = in.receiveExtend(size) * q[k];
            k++;
        }
        if (anyAc) {
            block[0] = dc;
            idct.transform(block, c.plane, offset, stride);
        } else {
            idct.transformDcOnly(dc, c.plane, offset, stride);
        }
    }

    private void restart() throws DicomException {
        int expected = 0xD0 + (restartsSeen & 7);
        int p = findMarker(data, in.position(), end);
        if (p < 0) {
            throw new DicomException(ErrorKind.TRUNCATED, "scan data ends where a restart marker is due", end);
        }
        int marker = data[p + 1] & 0xFF;
        if (marker != expected) {
            throw new DicomException(ErrorKind.MALFORMED, String.format(
                    "expected restart marker 0xFF%02X, found 0xFF%02X", expected, marker), p);
        }
        restartsSeen++;
        in.restart(p + 2);
        for (JpegDctComponent c : components) {
            c.dcPredictor = 0;
        }
    }

    private DicomException overrun(long mcu, long mcus) {
        String what = "scan data ends within MCU " + (mcu + 1) + " of " + mcus;
        return in.atEndOfInput()
                ? new DicomException(ErrorKind.TRUNCATED, what, end)
                : new DicomException(ErrorKind.MALFORMED, what + " (cut by a marker)", in.position());
    }

    /**
     * The position of the 0xFF that starts the next marker at or after {@code p}, skipping stuffed 0xFF00 pairs,
     * other bytes and fill bytes (T.81 B.1.1.2); -1 if the input ends first.
     */
    static int findMarker(byte[] data, int p, int end) {
        while (p + 1 < end) {
            if (data[p] != (byte) 0xFF) {
                p++;
                continue;
            }
            int next = data[p + 1] & 0xFF;
            if (next == 0) {
                p += 2;
            } else if (next == 0xFF) {
                p++;
            } else {
                return p;
            }
        }
        return -1;
    }
}
