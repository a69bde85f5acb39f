package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The tables and settings that marker segments define before and between scans (T.81 B.2.4): quantisation (DQT),
 * Huffman (DHT), restart interval (DRI), and the JFIF (APP0) and Adobe (APP14) markers that decide the colour
 * transform. Each definition replaces the earlier one with the same number.
 */
final class JpegDctTables {
    private final int[][] quant = new int[4][];
    private final JpegHuffmanTable[] dc = new JpegHuffmanTable[4];
    private final JpegHuffmanTable[] ac = new JpegHuffmanTable[4];
    private int restartInterval;
    private boolean sawJfif;
    private int adobeTransform = -1;

    /** Reads the segment of {@code marker} whose parameters lie in {@code data[pos, segmentEnd)}. */
    void read(int marker, byte[] data, int pos, int segmentEnd) throws DicomException {
        switch (marker) {
            case 0xDB -> readQuant(data, pos, segmentEnd);
            case 0xC4 -> readHuffman(data, pos, segmentEnd);
            case 0xDD -> readRestartInterval(data, pos, segmentEnd);
            case 0xE0 -> sawJfif |= startsWith(data, pos, segmentEnd, "JFIF\0");
            case 0xEE -> {
                if (segmentEnd - pos >= 12 && startsWith(data, pos, segmentEnd, "Adobe")) {
                    adobeTransform = data[pos + 11] & 0xFF;
                }
            }
            default -> {
                // Other APPn, COM, DNL, DAC and reserved segments do not change how a sequential scan decodes.
            }
        }
    }

    /** The quantisation table {@code id} in zigzag order, or null if none was defined. */
    int[] quant(int id) {
        return quant[id];
    }

    JpegHuffmanTable dc(int id) {
        return id < 4 ? dc[id] : null;
    }

    JpegHuffmanTable ac(int id) {
        return id < 4 ? ac[id] : null;
    }

    int restartInterval() {
        return restartInterval;
    }

    /** libjpeg's rule: JFIF means YCbCr; else an Adobe transform flag decides; else ids 'R','G','B' mean RGB. */
    boolean yccToRgb(int id0, int id1, int id2) {
        if (sawJfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        return !(id0 == 'R' && id1 == 'G' && id2 == 'B');
    }

    private void readQuant(byte[] data, int pos, int segmentEnd) throws DicomException {
        while (pos < segmentEnd) {
            int pqTq = data[pos++] & 0xFF;
            int wide = pqTq >> 4;
            int id = pqTq & 15;
            int bytes = wide == 0 ? 64 : 128;
            if (wide > 1 || id > 3 || segmentEnd - pos < bytes) {
                throw new DicomException(ErrorKind.MALFORMED, "bad JPEG quantisation table " + pqTq, pos - 1);
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[k] = wide == 0 ? data[pos + k] & 0xFF : u16(data, pos + 2 * k);
            }
            // A new array, so that components whose scan already started keep the table they began with.
            quant[id] = table;
            pos += bytes;
        }
    }

    private void readHuffman(byte[] data, int pos, int segmentEnd) throws DicomException {
        while (pos < segmentEnd) {
            int at = pos;
            if (segmentEnd - pos < 17) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG Huffman table cut off", at);
            }
            int tcTh = data[pos] & 0xFF;
            int tableClass = tcTh >> 4;
            int id = tcTh & 15;
            if (tableClass > 1 || id > 3) {
                throw new DicomException(ErrorKind.MALFORMED, "bad JPEG Huffman table " + tcTh, at);
            }
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = data[pos + length] & 0xFF;
                total += counts[length];
            }
            pos += 17;
            if (total > 256 || segmentEnd - pos < total) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG Huffman table with " + total + " codes", at);
            }
            byte[] symbols = new byte[total];
            System.arraycopy(data, pos, symbols, 0, total);
            pos += total;
            JpegHuffmanTable table = JpegHuffmanTable.build(counts, symbols, at);
            if (tableClass == 0) {
                dc[id] = table;
            } else {
                ac[id] = table;
            }
        }
    }

    private void readRestartInterval(byte[] data, int pos, int segmentEnd) throws DicomException {
        if (segmentEnd - pos != 2) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG DRI segment of wrong length", pos - 2);
        }
        restartInterval = u16(data, pos);
    }

    private static boolean startsWith(byte[] data, int pos, int segmentEnd, String tag) {
        if (segmentEnd - pos < tag.length()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (data[pos + i] != (byte) tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] data, int p) {
        return ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
    }
}
