package org.reslens.dicom.codec;

import java.util.Arrays;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The image a JPEG-LS frame header (SOF55) declares and the samples its scans have decoded so far: geometry,
 * which components are done, and the line loop of a scan for each interleave mode, with restart intervals.
 */
final class JpegLsFrame {
    /** Encoders pad the last byte and may add one byte after a final 0xFF; more than this means a misread. */
    private static final int MAX_TRAILING_BYTES = 4;

    private final int precision;
    private final int width;
    private final int height;
    private final int[] componentIds;
    private final boolean[] decoded;
    private final byte[] bytes;
    private final short[] shorts;

    /** The caller has checked that width * height * components fits the sample budget and an int. */
    JpegLsFrame(int precision, int width, int height, int[] componentIds) {
        this.precision = precision;
        this.width = width;
        this.height = height;
        this.componentIds = componentIds.clone();
        this.decoded = new boolean[componentIds.length];
        int samples = width * height * componentIds.length;
        this.bytes = precision <= 8 ? new byte[samples] : null;
        this.shorts = precision <= 8 ? null : new short[samples];
    }

    int precision() {
        return precision;
    }

    /** Index in frame order of the component with identifier {@code id}, or -1. */
    int componentIndex(int id) {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == id) {
                return i;
            }
        }
        return -1;
    }

    boolean isDecoded(int component) {
        return decoded[component];
    }

    void markDecoded(int component) {
        decoded[component] = true;
    }

    boolean complete() {
        for (boolean done : decoded) {
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes the entropy-coded data of a scan over {@code components} (frame indexes) starting at {@code pos};
     * returns where the following marker starts.
     *
     * @param restartInterval lines per restart interval from DRI, 0 for none
     * @param strictEnd whether to reject data that goes on well past the last sample (instead of ignoring it)
     */
    int decodeScan(byte[] data, int start, int pos, int end, int[] components, boolean sampleInterleaved,
            JpegLsCodingParameters parameters, long restartInterval, boolean strictEnd) throws DicomException {
        JpegLsScanDecoder decoder = new JpegLsScanDecoder(data, start, pos, end, parameters);
        int ns = components.length;
        long interval = restartInterval == 0 ? height : restartInterval;
        int[] runIndex = new int[ns];
        int restarts = 0;
        if (sampleInterleaved) {
            int[] prev = new int[(width + 2) * ns];
            int[] cur = new int[(width + 2) * ns];
            int[] contextScratch = new int[ns];
            for (int y = 0; y < height; y++) {
                if (y > 0 && y % interval == 0) {
                    decoder.restart(restarts++);
                    Arrays.fill(prev, 0);
                    Arrays.fill(runIndex, 0);
                }
                decoder.decodeInterleavedLine(prev, cur, width, ns, runIndex, contextScratch);
                decoder.checkNotOverrun();
                for (int s = 0; s < ns; s++) {
                    storeLine(cur, ns + s, ns, y, components[s]);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
        } else {
            int[][] prev = new int[ns][width + 2];
            int[][] cur = new int[ns][width + 2];
            for (int y = 0; y < height; y++) {
                if (y > 0 && y % interval == 0) {
                    decoder.restart(restarts++);
                    for (int[] line : prev) {
                        Arrays.fill(line, 0);
                    }
                    Arrays.fill(runIndex, 0);
                }
                for (int s = 0; s < ns; s++) {
                    decoder.decodeLine(prev[s], cur[s], width, runIndex, s);
                }
                decoder.checkNotOverrun();
                for (int s = 0; s < ns; s++) {
                    storeLine(cur[s], 1, 1, y, components[s]);
                    int[] t = prev[s];
                    prev[s] = cur[s];
                    cur[s] = t;
                }
            }
        }
        if (strictEnd && decoder.unconsumedBytes() > MAX_TRAILING_BYTES) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG-LS scan data continues past the last sample",
                    pos - start);
        }
        return decoder.markerPosition();
    }

    /** Copies samples {@code first, first + stride, ...} of a line buffer into component {@code component}. */
    private void storeLine(int[] line, int first, int stride, int y, int component) {
        int nf = componentIds.length;
        int o = y * width * nf + component;
        if (bytes != null) {
            for (int x = 0, i = first; x < width; x++, i += stride, o += nf) {
                bytes[o] = (byte) line[i];
            }
        } else if (nf == 1 && stride == 1) {
            for (int x = 0; x < width; x++) {
                shorts[o + x] = (short) line[first + x];
            }
        } else {
            for (int x = 0, i = first; x < width; x++, i += stride, o += nf) {
                shorts[o] = (short) line[i];
            }
        }
    }

    /** The decoded image, with CharLS's colour transform (if any) undone. */
    DecodedImage toImage(JpegLsColorTransform transform) throws DicomException {
        int nf = componentIds.length;
        if (transform != JpegLsColorTransform.NONE) {
            if (nf != 3 || (precision != 8 && precision != 16)) {
                throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS colour transform "
                        + transform + " on " + nf + " components of " + precision + " bits", 0);
            }
            if (bytes != null) {
                transform.invert(bytes);
            } else {
                transform.invert(shorts);
            }
        }
        return bytes != null
                ? DecodedImage.ofBytes(width, height, nf, precision, bytes)
                : DecodedImage.ofShorts(width, height, nf, precision, shorts);
    }
}
