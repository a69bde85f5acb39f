package org.reslens.dicom.codec;

/**
 * The frame header (SOFn segment) of a JPEG codestream, ITU T.81 B.2.2: which coding process wrote it, the sample
 * precision, the frame size and the number of components. Read without decoding so that a caller can route each
 * stream to the decoder of its process ({@link JpegDctDecoder} takes SOF0 and SOF1 only).
 *
 * @param sofMarker the second byte of the SOF marker, 0xC0 to 0xCF without DHT (0xC4), JPG (0xC8) and DAC (0xCC)
 * @param height    0 when the height is defined later by a DNL segment (T.81 B.2.5)
 */
public record JpegFrameInfo(int sofMarker, int precision, int width, int height, int components) {
    public JpegFrameInfo {
        if (!isSofMarker(sofMarker)) {
            throw new IllegalArgumentException("not a SOF marker: 0x" + Integer.toHexString(sofMarker));
        }
        if (precision < 2 || precision > 16 || width < 1 || height < 0 || components < 1 || components > 255) {
            throw new IllegalArgumentException("bad frame header " + width + "x" + height + "x" + components
                    + " precision " + precision);
        }
    }

    static boolean isSofMarker(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** SOF0 (baseline) or SOF1 (extended sequential, Huffman): the processes {@link JpegDctDecoder} decodes. */
    public boolean isSequentialHuffmanDct() {
        return sofMarker == 0xC0 || sofMarker == 0xC1;
    }

    /** SOF3, SOF7, SOF11 or SOF15: predictive lossless coding (DICOM transfer syntaxes .57 and .70). */
    public boolean isLossless() {
        return (sofMarker & 0x03) == 0x03;
    }

    /** SOF2, SOF6, SOF10 or SOF14. */
    public boolean isProgressive() {
        return (sofMarker & 0x03) == 0x02;
    }

    /** SOF9 and above use arithmetic instead of Huffman coding. */
    public boolean isArithmetic() {
        return sofMarker >= 0xC8;
    }

    /** SOF5-7 and SOF13-15: differential frames of the hierarchical process. */
    public boolean isHierarchical() {
        return (sofMarker & 0x04) != 0;
    }

    /** "SOF1 (extended sequential DCT, Huffman)" and the like, for messages. */
    public String processName() {
        return "SOF" + (sofMarker - 0xC0) + " (" + describe() + ")";
    }

    private String describe() {
        String kind = isLossless() ? "lossless" : isProgressive() ? "progressive DCT"
                : sofMarker == 0xC0 ? "baseline DCT" : "extended sequential DCT";
        return (isHierarchical() ? "differential " : "") + kind + ", " + (isArithmetic() ? "arithmetic" : "Huffman");
    }
}
