package org.reslens.dicom.codec;

import java.util.Objects;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * JPEG-LS decoder (ITU T.87 / ISO 14495-1) for the DICOM transfer syntaxes 1.2.840.10008.1.2.4.80 (lossless) and
 * .81 (near-lossless). Reads SOI, SOF55, LSE preset parameters (type 1), DRI, SOS with interleave modes none, line
 * and sample, restart markers and EOI; skips COM and APPn, except that CharLS's APP8 "mrfx" colour transform is
 * undone. Mapping tables (LSE types 2 and 3), oversize dimensions (type 4), subsampling, point transforms and DNL are
 * rejected as {@link ErrorKind#UNSUPPORTED_TRANSFER_SYNTAX}.
 *
 * <p>Exception offsets count from the start of the codestream ({@code offset}).
 */
public final class JpegLsDecoder {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DNL = 0xDC;
    private static final int DRI = 0xDD;
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int APP8 = 0xE8;
    private static final int MAX_COMPONENTS = 4;

    private final byte[] data;
    private final int start;
    private final int end;
    private final long maxSamples;
    private int pos;

    /** Null until the frame header (SOF55) is read. */
    private JpegLsFrame frame;
    private JpegLsCodingParameters.Preset preset = JpegLsCodingParameters.Preset.DEFAULTS;
    private long restartInterval;
    private JpegLsColorTransform transform = JpegLsColorTransform.NONE;

    private JpegLsDecoder(byte[] data, int offset, int length, long maxSamples) {
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.maxSamples = maxSamples;
        this.pos = offset;
    }

    /**
     * Decodes one JPEG-LS codestream (for DICOM: one frame's fragments, concatenated).
     *
     * @param maxSamples the most samples (width x height x components) the caller accepts; a codestream that
     *     declares more is rejected as MALFORMED before anything is allocated
     */
    public static DecodedImage decode(byte[] data, int offset, int length, long maxSamples) throws DicomException {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        return new JpegLsDecoder(data, offset, length, maxSamples).decode();
    }

    private DecodedImage decode() throws DicomException {
        if (end - pos < 2 || data[pos] != (byte) 0xFF || (data[pos + 1] & 0xFF) != SOI) {
            throw error(ErrorKind.MALFORMED, "not a JPEG-LS codestream (no SOI marker)", pos);
        }
        pos += 2;
        while (true) {
            if (pos >= end) {
                if (frame != null && frame.complete()) {
                    break; // a missing EOI is tolerated once every sample has been decoded
                }
                throw error(ErrorKind.TRUNCATED, "JPEG-LS codestream ends before all components", pos);
            }
            int markerAt = pos;
            int marker = readMarker();
            if (marker == EOI) {
                if (frame == null || !frame.complete()) {
                    throw error(ErrorKind.MALFORMED, "JPEG-LS EOI before all components were decoded", markerAt);
                }
                break;
            }
            switch (marker) {
                case SOF55 -> readFrameHeader(markerAt);
                case SOS -> readScan(markerAt);
                case LSE -> readPresetParameters(markerAt);
                case DRI -> readRestartInterval(markerAt);
                case APP8 -> readApp8(markerAt);
                case DNL -> throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX,
                        "JPEG-LS height defined by DNL is not supported", markerAt);
                default -> skipOther(marker, markerAt);
            }
        }
        return frame.toImage(transform);
    }

    /** Reads a marker code at {@link #pos}, skipping 0xFF fill bytes. */
    private int readMarker() throws DicomException {
        if (data[pos] != (byte) 0xFF) {
            throw error(ErrorKind.MALFORMED, String.format("expected a JPEG-LS marker, found byte 0x%02X",
                    data[pos] & 0xFF), pos);
        }
        while (pos < end && data[pos] == (byte) 0xFF) {
            pos++;
        }
        if (pos >= end) {
            throw error(ErrorKind.TRUNCATED, "JPEG-LS codestream ends inside a marker", pos);
        }
        return data[pos++] & 0xFF;
    }

    /** Reads a segment length at {@link #pos} and returns the end of the segment; {@link #pos} moves past it. */
    private int segmentEnd(int markerAt) throws DicomException {
        if (end - pos < 2) {
            throw error(ErrorKind.TRUNCATED, "JPEG-LS codestream ends inside a marker segment", pos);
        }
        int length = u16(pos);
        if (length < 2) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS marker segment length " + length, markerAt);
        }
        if (length > end - pos) {
            throw error(ErrorKind.TRUNCATED, "JPEG-LS marker segment runs past the end of the data", markerAt);
        }
        int segmentEnd = pos + length;
        pos += 2;
        return segmentEnd;
    }

    private void skipOther(int marker, int markerAt) throws DicomException {
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, String.format(
                    "JPEG process SOF%d where JPEG-LS (SOF55) was expected", marker - 0xC0), markerAt);
        }
        if (marker == SOI || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker < 0xC0) {
            throw error(ErrorKind.MALFORMED, String.format("unexpected marker 0xFF%02X in JPEG-LS codestream",
                    marker), markerAt);
        }
        // APPn, COM and anything else with a length (T.87 lets decoders skip unknown segments).
        pos = segmentEnd(markerAt);
    }

    private void readFrameHeader(int markerAt) throws DicomException {
        if (frame != null) {
            throw error(ErrorKind.MALFORMED, "second JPEG-LS frame header", markerAt);
        }
        int segmentEnd = segmentEnd(markerAt);
        if (segmentEnd - pos < 6) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS frame header too short", markerAt);
        }
        int p = data[pos] & 0xFF;
        int y = u16(pos + 1);
        int x = u16(pos + 3);
        int nf = data[pos + 5] & 0xFF;
        if (segmentEnd - pos != 6 + 3 * nf) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS frame header length does not match " + nf + " components",
                    markerAt);
        }
        if (p < 2 || p > 16) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS precision " + p + " outside 2..16", markerAt);
        }
        if (nf == 0 || x == 0) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS frame with " + nf + " components and width " + x, markerAt);
        }
        if (y == 0) {
            throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS height defined by DNL is not supported",
                    markerAt);
        }
        if (nf > MAX_COMPONENTS) {
            throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS frame with " + nf + " components",
                    markerAt);
        }
        int[] ids = new int[nf];
        for (int i = 0; i < nf; i++) {
            int o = pos + 6 + 3 * i;
            ids[i] = data[o] & 0xFF;
            if ((data[o + 1] & 0xFF) != 0x11) {
                throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "subsampled JPEG-LS components", markerAt);
            }
            for (int j = 0; j < i; j++) {
                if (ids[j] == ids[i]) {
                    throw error(ErrorKind.MALFORMED, "duplicate JPEG-LS component id " + ids[i], markerAt);
                }
            }
        }
        long samples = (long) x * y * nf;
        if (samples > maxSamples || samples > Integer.MAX_VALUE - 8) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS frame of " + x + "x" + y + "x" + nf
                    + " samples exceeds the allowed " + maxSamples, markerAt);
        }
        frame = new JpegLsFrame(p, x, y, ids);
        pos = segmentEnd;
    }

    private void readPresetParameters(int markerAt) throws DicomException {
        int segmentEnd = segmentEnd(markerAt);
        if (segmentEnd - pos < 1) {
            throw error(ErrorKind.MALFORMED, "empty JPEG-LS LSE segment", markerAt);
        }
        int id = data[pos] & 0xFF;
        if (id != 1) {
            String what = switch (id) {
                case 2, 3 -> "mapping tables (LSE type " + id + ")";
                case 4 -> "oversize image dimensions (LSE type 4)";
                default -> "LSE type " + id;
            };
            throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS " + what + " not supported", markerAt);
        }
        if (segmentEnd - pos != 11) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS preset parameters segment of wrong length", markerAt);
        }
        preset = new JpegLsCodingParameters.Preset(u16(pos + 1), u16(pos + 3), u16(pos + 5), u16(pos + 7),
                u16(pos + 9));
        pos = segmentEnd;
    }

    private void readRestartInterval(int markerAt) throws DicomException {
        int segmentEnd = segmentEnd(markerAt);
        int size = segmentEnd - pos;
        if (size < 1 || size > 4) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS DRI segment of wrong length", markerAt);
        }
        long interval = 0;
        for (int i = 0; i < size; i++) {
            interval = (interval << 8) | (data[pos + i] & 0xFF);
        }
        restartInterval = interval;
        pos = segmentEnd;
    }

    private void readApp8(int markerAt) throws DicomException {
        int segmentEnd = segmentEnd(markerAt);
        if (segmentEnd - pos >= 5 && data[pos] == 'm' && data[pos + 1] == 'r' && data[pos + 2] == 'f'
                && data[pos + 3] == 'x') {
            int id = data[pos + 4] & 0xFF;
            JpegLsColorTransform t = JpegLsColorTransform.ofId(id);
            if (t == null) {
                throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "unknown JPEG-LS colour transform " + id,
                        markerAt);
            }
            transform = t;
        }
        pos = segmentEnd;
    }

    private void readScan(int markerAt) throws DicomException {
        if (frame == null) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS scan before the frame header", markerAt);
        }
        int segmentEnd = segmentEnd(markerAt);
        if (segmentEnd - pos < 1) {
            throw error(ErrorKind.MALFORMED, "empty JPEG-LS scan header", markerAt);
        }
        int ns = data[pos] & 0xFF;
        if (ns < 1 || ns > MAX_COMPONENTS || segmentEnd - pos != 4 + 2 * ns) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS scan header with " + ns + " components", markerAt);
        }
        int[] components = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = data[pos + 1 + 2 * i] & 0xFF;
            int index = frame.componentIndex(id);
            if (index < 0 || frame.isDecoded(index)) {
                throw error(ErrorKind.MALFORMED, "JPEG-LS scan names unknown or repeated component " + id,
                        markerAt);
            }
            if (data[pos + 2 + 2 * i] != 0) {
                throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS mapping tables are not supported",
                        markerAt);
            }
            frame.markDecoded(index);
            components[i] = index;
        }
        int near = data[pos + 1 + 2 * ns] & 0xFF;
        int interleave = data[pos + 2 + 2 * ns] & 0xFF;
        int pointTransform = data[pos + 3 + 2 * ns] & 0xFF;
        if (interleave > 2 || (interleave == 0 && ns > 1)) {
            throw error(ErrorKind.MALFORMED, "JPEG-LS interleave mode " + interleave + " with " + ns
                    + " components", markerAt);
        }
        if (pointTransform != 0) {
            throw error(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG-LS point transform is not supported",
                    markerAt);
        }
        int precision = frame.precision();
        JpegLsCodingParameters parameters = JpegLsCodingParameters.resolve(precision, near, preset,
                markerAt - start);
        JpegLsCodingParameters charLs = charLsReading(precision, near, markerAt);
        boolean sampleInterleaved = interleave == 2 && ns > 1;
        pos = segmentEnd;
        if (charLs == null) {
            pos = frame.decodeScan(data, start, pos, end, components, sampleInterleaved, parameters, restartInterval,
                    false);
            return;
        }
        // A preset MAXVAL below 2^P - 1: T.87 and CharLS disagree on RANGE and thresholds. Decode strictly (a misread
        // stream desynchronises and fails, or stops far from the end of its data) and try CharLS's reading on failure.
        int scanStart = pos;
        try {
            pos = frame.decodeScan(data, start, pos, end, components, sampleInterleaved, parameters, restartInterval,
                    true);
        } catch (DicomException t87Failure) {
            try {
                pos = frame.decodeScan(data, start, scanStart, end, components, sampleInterleaved, charLs,
                        restartInterval, true);
            } catch (DicomException charLsFailure) {
                t87Failure.addSuppressed(charLsFailure);
                throw t87Failure;
            }
        }
    }

    /** The parameters CharLS would have coded this scan with, where they differ from T.87's; else null. */
    private JpegLsCodingParameters charLsReading(int precision, int near, int markerAt) {
        JpegLsCodingParameters.Preset charLs = preset.charLsReading(precision);
        if (charLs == null) {
            return null;
        }
        try {
            return JpegLsCodingParameters.resolve(precision, near, charLs, markerAt - start);
        } catch (DicomException e) {
            return null;
        }
    }

    private int u16(int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private DicomException error(ErrorKind kind, String detail, int at) {
        return new DicomException(kind, detail, at - start);
    }
}
