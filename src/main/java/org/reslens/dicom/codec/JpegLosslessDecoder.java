package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decoder of the lossless process of JPEG with Huffman coding (ITU T.81 Annex H, SOF3), which DICOM transfer
 * syntaxes 1.2.840.10008.1.2.4.57 (any predictor) and .70 (predictor 1) carry: precision 2 to 16, 1 to 4
 * components in one interleaved scan or in several scans, predictors 1 to 7, point transforms, restart intervals.
 *
 * <p>Samples come back as the decoder of T.81 reconstructs them: the decoded value shifted left by the point
 * transform Pt (H.1.2.1), so with Pt > 0 the low Pt bits are zero. Exception offsets are indices into the
 * {@code data} array given by the caller.
 */
public final class JpegLosslessDecoder {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOF3 = 0xC3;
    private static final int SOS = 0xDA;
    private static final int MAX_COMPONENTS = 4;

    private final byte[] data;
    private final int end;
    private final JpegMarkerCursor in;

    private final JpegDctTables tables = new JpegDctTables();

    private JpegFrameInfo frame;
    private int[] componentIds;
    private boolean[] coded;
    private short[] shorts;
    private byte[] bytes;

    private JpegLosslessDecoder(byte[] data, int offset, int length) {
        this.in = new JpegMarkerCursor(data, offset, length);
        this.data = data;
        this.end = in.end();
    }

    /**
     * Decodes a SOF3 codestream.
     *
     * @param maxSamples the most samples (width * height * components) the caller accepts, from the DICOM header
     * @throws DicomException UNSUPPORTED_TRANSFER_SYNTAX for other processes (named by their SOF) and for lossless
     *                        features no DICOM encoder writes (DNL, unequal sampling factors, restart intervals
     *                        that are not whole lines); MALFORMED or TRUNCATED for broken streams
     */
    public static DecodedImage decode(byte[] data, int offset, int length, long maxSamples) throws DicomException {
        return new JpegLosslessDecoder(data, offset, length).decodeAll(maxSamples);
    }

    private DecodedImage decodeAll(long maxSamples) throws DicomException {
        in.expectSoi();
        while (true) {
            int markerPos = in.pos();
            int marker = in.nextMarker();
            if (marker < 0) {
                // A missing EOI is common and harmless once every component has been decoded.
                if (allCoded()) {
                    break;
                }
                throw new DicomException(ErrorKind.TRUNCATED, "JPEG stream ends before its image data", end);
            }
            if (marker == EOI) {
                if (!allCoded()) {
                    throw new DicomException(ErrorKind.MALFORMED, "JPEG stream ends (EOI) before its image data",
                            markerPos);
                }
                break;
            }
            if (JpegFrameInfo.isSofMarker(marker)) {
                readFrame(marker, maxSamples);
            } else if (marker == SOS) {
                readScan();
            } else if (marker == SOI) {
                throw new DicomException(ErrorKind.MALFORMED, "second SOI marker in JPEG stream", markerPos);
            } else if (JpegMarkerCursor.hasSegment(marker)) {
                int segmentEnd = in.segmentEnd();
                tables.read(marker, data, in.pos(), segmentEnd);
                in.seek(segmentEnd);
            }
        }
        return shorts != null
                ? DecodedImage.ofShorts(frame.width(), frame.height(), frame.components(), frame.precision(), shorts)
                : DecodedImage.ofBytes(frame.width(), frame.height(), frame.components(), frame.precision(), bytes);
    }

    private void readFrame(int marker, long maxSamples) throws DicomException {
        int at = in.pos() - 2;
        if (frame != null) {
            throw new DicomException(ErrorKind.MALFORMED, "second frame header in a lossless JPEG stream", at);
        }
        JpegFrameInfo info = in.frameHeader(marker, at);
        int height = info.height();
        int width = info.width();
        int count = info.components();
        if (marker != SOF3) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG process " + info.processName()
                    + " is not decoded by the lossless decoder", at);
        }
        if (height == 0) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX,
                    "JPEG image height defined by a DNL marker", at);
        }
        if (count > MAX_COMPONENTS) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG frame with " + count
                    + " components", at);
        }
        long samples = (long) width * height * count;
        if (samples > maxSamples) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG frame of " + width + "x" + height + "x" + count
                    + " exceeds the " + maxSamples + " samples expected", at);
        }
        if (samples > Integer.MAX_VALUE - 16) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG frame of " + samples
                    + " samples is too large for one array", at);
        }
        int pos = in.pos();
        componentIds = new int[count];
        int sampling = data[pos + 1] & 0xFF;
        for (int i = 0; i < count; i++, pos += 3) {
            componentIds[i] = data[pos] & 0xFF;
            for (int j = 0; j < i; j++) {
                if (componentIds[j] == componentIds[i]) {
                    throw new DicomException(ErrorKind.MALFORMED, "JPEG component id " + componentIds[i]
                            + " repeated", pos);
                }
            }
            int hv = data[pos + 1] & 0xFF;
            if ((hv >> 4) < 1 || (hv >> 4) > 4 || (hv & 15) < 1 || (hv & 15) > 4) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG component " + componentIds[i]
                        + " has sampling factors 0x" + Integer.toHexString(hv), pos);
            }
            // Unequal factors would make components of different sizes; equal ones other than 1x1 change the
            // order of samples within an interleaved MCU. DICOM encoders write neither.
            if (hv != sampling || (count > 1 && hv != 0x11)) {
                throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX,
                        "lossless JPEG with sampling factors other than 1x1", pos);
            }
        }
        in.seek(pos);
        coded = new boolean[count];
        frame = info;
    }

    private void readScan() throws DicomException {
        int at = in.pos() - 2;
        int segmentEnd = in.segmentEnd();
        int pos = in.pos();
        if (frame == null) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG scan before the frame header", at);
        }
        int count = segmentEnd - pos >= 1 ? data[pos] & 0xFF : 0;
        if (count < 1 || count > frame.components() || segmentEnd - pos != 4 + 2 * count) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG scan header with " + count + " components", at);
        }
        pos++;
        int[] outputComponent = new int[count];
        JpegLosslessTable[] scanTables = new JpegLosslessTable[count];
        JpegHuffmanTable[] seen = new JpegHuffmanTable[4];
        JpegLosslessTable[] built = new JpegLosslessTable[4];
        for (int i = 0; i < count; i++, pos += 2) {
            int index = componentIndex(data[pos] & 0xFF);
            for (int j = 0; j < i; j++) {
                if (outputComponent[j] == index) {
                    index = -1;
                }
            }
            if (index < 0 || coded[index]) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG scan names component " + (data[pos] & 0xFF)
                        + " which is unknown or already decoded", pos);
            }
            outputComponent[i] = index;
            int td = (data[pos + 1] & 0xFF) >> 4;
            JpegHuffmanTable huffman = tables.dc(td);
            if (huffman == null) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG scan uses Huffman table " + td
                        + " which no DHT segment defined", pos);
            }
            // Components sharing a table share its look-up table too.
            if (seen[td] != huffman) {
                seen[td] = huffman;
                built[td] = new JpegLosslessTable(huffman);
            }
            scanTables[i] = built[td];
        }
        int predictor = data[pos] & 0xFF;
        int pointTransform = data[pos + 2] & 15;
        if (predictor < 1 || predictor > 7) {
            throw new DicomException(ErrorKind.MALFORMED, "lossless JPEG predictor " + predictor
                    + " (selection value 1 to 7)", pos);
        }
        if ((data[pos + 2] & 0xF0) != 0 || pointTransform >= frame.precision()) {
            throw new DicomException(ErrorKind.MALFORMED, "lossless JPEG point transform 0x"
                    + Integer.toHexString(data[pos + 2] & 0xFF) + " for precision " + frame.precision(), pos + 2);
        }
        // Se (data[pos + 1]) must be 0 in a lossless scan; like libjpeg we do not insist, as it carries nothing.
        in.seek(segmentEnd);
        int restartLines = restartLines(at);
        allocateOutput();
        JpegLosslessScan scan = new JpegLosslessScan(data, in.pos(), end, frame.width(), frame.height(), scanTables,
                outputComponent, frame.components(), frame.precision(), predictor, pointTransform, restartLines);
        in.seek(scan.decode(shorts, bytes));
        for (int index : outputComponent) {
            coded[index] = true;
        }
    }

    /**
     * The restart interval in lines. T.81 H.1.2.1 restarts the prediction of a line, so encoders (libjpeg's
     * included) only write intervals of whole lines; what a restart within a line would mean is left open.
     */
    private int restartLines(int at) throws DicomException {
        int interval = tables.restartInterval();
        if (interval % frame.width() != 0) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "lossless JPEG restart interval of "
                    + interval + " samples, not a multiple of the line width " + frame.width(), at);
        }
        return interval / frame.width();
    }

    /**
     * Every sample costs at least one bit, so a frame whose samples cannot fit in the rest of the input is
     * rejected before its output is allocated.
     */
    private void allocateOutput() throws DicomException {
        if (shorts != null || bytes != null) {
            return;
        }
        long samples = (long) frame.width() * frame.height() * frame.components();
        if (samples > 8L * (end - in.pos())) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG data of " + (end - in.pos()) + " bytes cannot hold "
                    + samples + " lossless samples", end);
        }
        if (frame.precision() > 8) {
            shorts = new short[(int) samples];
        } else {
            bytes = new byte[(int) samples];
        }
    }

    private int componentIndex(int id) {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private boolean allCoded() {
        if (coded == null) {
            return false;
        }
        for (boolean c : coded) {
            if (!c) {
                return false;
            }
        }
        return true;
    }

}
