package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Decoder of the sequential DCT processes of JPEG with Huffman coding (ITU T.81): baseline (SOF0) and extended
 * (SOF1) with 8- or 12-bit samples, 1 to 4 components. Neither the JDK nor TwelveMonkeys reads 12-bit DCT streams,
 * which DICOM transfer syntax 1.2.840.10008.1.2.4.51 carries.
 *
 * <p>It follows the IJG library's default decompression step for step (islow IDCT, fancy upsampling of 2:1 chroma,
 * fixed-point JFIF colour conversion), so on valid streams its samples equal those of dcmtk and the other IJG-based
 * decoders exactly. Three components are converted from YCbCr to RGB unless a JFIF-less stream says otherwise
 * through an Adobe APP14 transform of 0 or the component ids 'R', 'G', 'B'; four are delivered as coded.
 *
 * <p>Exception offsets are indices into the {@code data} array given by the caller.
 */
public final class JpegDctDecoder {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int MAX_COMPONENTS = 4;

    private final byte[] data;
    private final int end;
    private final JpegMarkerCursor in;

    private final JpegDctTables tables = new JpegDctTables();

    private JpegFrameInfo info;
    private JpegDctComponent[] components;
    private int hMax;
    private int vMax;
    private int mcusPerLine;
    private int mcuRows;
    private boolean planesAllocated;
    private JpegDctIdct idct;

    private JpegDctDecoder(byte[] data, int offset, int length) {
        this.in = new JpegMarkerCursor(data, offset, length);
        this.data = data;
        this.end = in.end();
    }

    /** Returns the header facts without decoding (SOF type, precision, width, height, components). */
    public static JpegFrameInfo readFrameInfo(byte[] data, int offset, int length) throws DicomException {
        JpegDctDecoder d = new JpegDctDecoder(data, offset, length);
        d.in.expectSoi();
        while (true) {
            int marker = d.in.nextMarker();
            if (marker < 0 || marker == EOI) {
                throw new DicomException(ErrorKind.TRUNCATED, "JPEG stream has no frame header", d.in.pos());
            }
            if (JpegFrameInfo.isSofMarker(marker)) {
                return d.readFrameHeader(marker);
            }
            if (marker == 0xDA) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG scan before the frame header", d.in.pos() - 2);
            }
            if (JpegMarkerCursor.hasSegment(marker)) {
                d.in.seek(d.in.segmentEnd());
            }
        }
    }

    /**
     * Decodes a SOF0 or SOF1 codestream.
     *
     * @param maxSamples the most samples (width * height * components) the caller accepts, from the DICOM header
     * @throws DicomException UNSUPPORTED_TRANSFER_SYNTAX for other processes (named by their SOF), MALFORMED or
     *                        TRUNCATED for broken streams
     */
    public static DecodedImage decode(byte[] data, int offset, int length, long maxSamples) throws DicomException {
        return new JpegDctDecoder(data, offset, length).decodeAll(maxSamples);
    }

    private DecodedImage decodeAll(long maxSamples) throws DicomException {
        in.expectSoi();
        while (true) {
            int markerPos = in.pos();
            int marker = in.nextMarker();
            if (marker < 0) {
                // A missing EOI is common and harmless once every component has been coded.
                if (components != null && allCoded()) {
                    break;
                }
                throw new DicomException(ErrorKind.TRUNCATED, "JPEG stream ends before its image data", end);
            }
            if (marker == EOI) {
                if (components == null || !allCoded()) {
                    throw new DicomException(ErrorKind.MALFORMED, "JPEG stream ends (EOI) before its image data",
                            markerPos);
                }
                break;
            }
            if (JpegFrameInfo.isSofMarker(marker)) {
                startFrame(marker, maxSamples);
            } else if (marker == 0xDA) {
                readScan();
            } else if (marker == SOI) {
                throw new DicomException(ErrorKind.MALFORMED, "second SOI marker in JPEG stream", markerPos);
            } else {
                skipOrRead(marker);
            }
        }
        boolean ycc = components.length == 3 && tables.yccToRgb(components[0].id, components[1].id,
                components[2].id);
        return JpegDctOutput.build(info.width(), info.height(), info.precision(), components, hMax, vMax, ycc);
    }

    /** Tables and parameters are read; markers without a segment and other segments are passed over. */
    private void skipOrRead(int marker) throws DicomException {
        if (!JpegMarkerCursor.hasSegment(marker)) {
            return;
        }
        int segmentEnd = in.segmentEnd();
        tables.read(marker, data, in.pos(), segmentEnd);
        in.seek(segmentEnd);
    }

    /** The frame header; exceptions name the offset of its length field. */
    private JpegFrameInfo readFrameHeader(int marker) throws DicomException {
        return in.frameHeader(marker, in.pos());
    }

    private void startFrame(int marker, long maxSamples) throws DicomException {
        int at = in.pos() - 2;
        if (info != null) {
            throw new DicomException(ErrorKind.MALFORMED, "second frame header in a sequential JPEG stream", at);
        }
        JpegFrameInfo frame = readFrameHeader(marker);
        if (!frame.isSequentialHuffmanDct()) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG process " + frame.processName()
                    + " is not decoded by the sequential DCT decoder", at);
        }
        // Some encoders label 12-bit extended streams SOF0; libjpeg decodes them, so do we.
        if (frame.precision() != 8 && frame.precision() != 12) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG DCT sample precision "
                    + frame.precision() + " (only 8 and 12 exist)", at);
        }
        if (frame.height() == 0) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX,
                    "JPEG image height defined by a DNL marker", at);
        }
        if (frame.components() > MAX_COMPONENTS) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG frame with "
                    + frame.components() + " components", at);
        }
        long samples = (long) frame.width() * frame.height() * frame.components();
        if (samples > maxSamples) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG frame of " + frame.width() + "x" + frame.height()
                    + "x" + frame.components() + " exceeds the " + maxSamples + " samples expected", at);
        }
        if (samples > Integer.MAX_VALUE - 16) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG frame of " + samples
                    + " samples is too large for one array", at);
        }
        int n = frame.components();
        int pos = in.pos();
        int[] ids = new int[n];
        int[] hv = new int[n];
        int[] tq = new int[n];
        for (int i = 0; i < n; i++, pos += 3) {
            ids[i] = data[pos] & 0xFF;
            hv[i] = data[pos + 1] & 0xFF;
            tq[i] = data[pos + 2] & 0xFF;
            int h = hv[i] >> 4;
            int v = hv[i] & 15;
            if (h < 1 || h > 4 || v < 1 || v > 4 || tq[i] > 3) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG component " + ids[i] + " has sampling " + h
                        + "x" + v + " and quantisation table " + tq[i], pos);
            }
            for (int j = 0; j < i; j++) {
                if (ids[j] == ids[i]) {
                    throw new DicomException(ErrorKind.MALFORMED, "JPEG component id " + ids[i] + " repeated", pos);
                }
            }
            hMax = Math.max(hMax, h);
            vMax = Math.max(vMax, v);
        }
        in.seek(pos);
        for (int i = 0; i < n; i++) {
            if (hMax % (hv[i] >> 4) != 0 || vMax % (hv[i] & 15) != 0) {
                throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX,
                        "JPEG sampling factors that are not integer ratios", at);
            }
        }
        mcusPerLine = (frame.width() + 8 * hMax - 1) / (8 * hMax);
        mcuRows = (frame.height() + 8 * vMax - 1) / (8 * vMax);
        components = new JpegDctComponent[n];
        for (int i = 0; i < n; i++) {
            components[i] = new JpegDctComponent(ids[i], hv[i] >> 4, hv[i] & 15, tq[i], frame.width(),
                    frame.height(), hMax, vMax, mcusPerLine, mcuRows);
        }
        info = frame;
        idct = new JpegDctIdct(frame.precision());
    }

    private void readScan() throws DicomException {
        int at = in.pos() - 2;
        int segmentEnd = in.segmentEnd();
        int pos = in.pos();
        if (components == null) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG scan before the frame header", at);
        }
        int count = segmentEnd - pos >= 1 ? data[pos] & 0xFF : 0;
        if (count < 1 || count > MAX_COMPONENTS || segmentEnd - pos != 4 + 2 * count) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG scan header with " + count + " components", at);
        }
        pos++;
        JpegDctComponent[] scanComponents = new JpegDctComponent[count];
        JpegHuffmanTable[] dc = new JpegHuffmanTable[count];
        JpegHuffmanTable[] ac = new JpegHuffmanTable[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++, pos += 2) {
            JpegDctComponent c = component(data[pos] & 0xFF);
            for (int j = 0; j < i; j++) {
                if (scanComponents[j] == c) {
                    c = null;
                }
            }
            if (c == null || c.coded) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG scan names component " + (data[pos] & 0xFF)
                        + " which is unknown or already coded", pos);
            }
            int td = (data[pos + 1] & 0xFF) >> 4;
            int ta = data[pos + 1] & 15;
            dc[i] = tables.dc(td);
            ac[i] = tables.ac(ta);
            if (dc[i] == null || ac[i] == null) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG scan uses Huffman table " + td + "/" + ta
                        + " which no DHT segment defined", pos);
            }
            c.quant = tables.quant(c.quantSelector);
            if (c.quant == null) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG component " + c.id + " uses quantisation table "
                        + c.quantSelector + " which no DQT segment defined", pos);
            }
            scanComponents[i] = c;
            blocksPerMcu += c.h * c.v;
        }
        // Ss, Se, Ah and Al (the last three bytes) must be 0, 63, 0, 0 in a sequential scan, but the PVRG encoder
        // behind many 12-bit DICOM files writes Se = 0; like libjpeg we ignore them, as a sequential scan always
        // codes all 64 coefficients.
        if (count > 1 && blocksPerMcu > 10) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG MCU of " + blocksPerMcu + " blocks (at most 10)", at);
        }
        in.seek(segmentEnd);
        allocatePlanes();
        JpegDctScan scan = new JpegDctScan(data, in.pos(), end, scanComponents, dc, ac, idct,
                tables.restartInterval());
        in.seek(scan.decode(mcusPerLine, mcuRows));
        for (JpegDctComponent c : scanComponents) {
            c.coded = true;
        }
    }

    /**
     * Every block costs at least two bits (a DC code and an end-of-block code), so a frame whose blocks cannot fit
     * in the rest of the input is rejected before its planes are allocated.
     */
    private void allocatePlanes() throws DicomException {
        if (planesAllocated) {
            return;
        }
        long blocks = 0;
        for (JpegDctComponent c : components) {
            blocks += c.codedBlocksAlone();
            if (c.paddedSamples() > Integer.MAX_VALUE - 16) {
                throw new DicomException(ErrorKind.MALFORMED, "JPEG component too large", in.pos());
            }
        }
        if (blocks * 2 > 8L * (end - in.pos())) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG data of " + (end - in.pos()) + " bytes cannot hold "
                    + blocks + " blocks", end);
        }
        for (JpegDctComponent c : components) {
            c.plane = new short[(int) c.paddedSamples()];
        }
        planesAllocated = true;
    }

    private JpegDctComponent component(int id) {
        for (JpegDctComponent c : components) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    private boolean allCoded() {
        for (JpegDctComponent c : components) {
            if (!c.coded) {
                return false;
            }
        }
        return true;
    }

}
