package org.reslens.dicom.codec;

/**
 * One image component of a frame while it is decoded: its sampling factors, the quantisation table its scan
 * uses, and its samples at component resolution, padded to whole MCUs (T.81 A.2.4) because interleaved scans code
 * those padding blocks too.
 */
final class JpegDctComponent {
    final int id;
    final int h;
    final int v;
    final int quantSelector;
    /** Samples of this component per line and lines, T.81 A.1.1: ceil(X * H / Hmax), ceil(Y * V / Vmax). */
    final int width;
    final int height;
    /** Blocks per line and block rows of the padded plane. */
    final int blocksPerLine;
    final int blockRows;

    /** Allocated when the first scan starts, after the data size was checked against the frame size. */
    short[] plane;
    /** The table in force when this component's scan began (T.81 B.2.4.1), in zigzag order. */
    int[] quant;
    boolean coded;
    int dcPredictor;

    JpegDctComponent(int id, int h, int v, int quantSelector, int frameWidth, int frameHeight, int hMax, int vMax,
            int mcusPerLine, int mcuRows) {
        this.id = id;
        this.h = h;
        this.v = v;
        this.quantSelector = quantSelector;
        this.width = (int) (((long) frameWidth * h + hMax - 1) / hMax);
        this.height = (int) (((long) frameHeight * v + vMax - 1) / vMax);
        this.blocksPerLine = mcusPerLine * h;
        this.blockRows = mcuRows * v;
    }

    int stride() {
        return blocksPerLine * 8;
    }

    /** Blocks that a non-interleaved scan of this component codes (T.81 A.2.2): only those holding samples. */
    long codedBlocksAlone() {
        return (long) ((width + 7) / 8) * ((height + 7) / 8);
    }

    long paddedSamples() {
        return (long) blocksPerLine * blockRows * 64;
    }
}
