package org.reslens.dicom.codec;

import java.util.Objects;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * A position in a JPEG stream (ITU T.81 B.1) and the walk from marker to marker that the lossless and the DCT
 * decoder share: the SOI check, finding the next marker past fill bytes and stray data, and reading a marker
 * segment's length. Positions and exception offsets are indices into the caller's array.
 */
final class JpegMarkerCursor {
    private static final int SOI = 0xD8;

    private final byte[] data;
    private final int end;
    private int pos;

    /** A cursor on {@code data[offset, offset + length)}, at its first byte. */
    JpegMarkerCursor(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    int pos() {
        return pos;
    }

    /** The index just past the stream. */
    int end() {
        return end;
    }

    void seek(int position) {
        pos = position;
    }

    void skip(int bytes) {
        pos += bytes;
    }

    /** The big-endian 16-bit value at {@code p}. */
    int u16(int p) {
        return ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
    }

    /** Steps over the SOI marker the stream must start with. */
    void expectSoi() throws DicomException {
        if (end - pos < 2 || data[pos] != (byte) 0xFF || data[pos + 1] != (byte) SOI) {
            throw new DicomException(ErrorKind.MALFORMED, "not a JPEG stream (no SOI marker)", pos);
        }
        pos += 2;
    }

    /**
     * The code of the marker at or after the position (skipping stray bytes and fill bytes), the position then
     * just past it; -1 at the end of the stream, the position then at the end.
     */
    int nextMarker() {
        int p = JpegDctScan.findMarker(data, pos, end);
        if (p < 0) {
            pos = end;
            return -1;
        }
        pos = p + 2;
        return data[p + 1] & 0xFF;
    }

    /** TEM and RSTn (stray ones here, outside a scan) are the markers without a segment besides SOI and EOI. */
    static boolean hasSegment(int marker) {
        return marker != 0x01 && (marker < 0xD0 || marker > 0xD7);
    }

    /**
     * Reads the length of the marker segment at the position (just past its marker): returns the index where
     * the segment ends and leaves the position just past the length field.
     */
    int segmentEnd() throws DicomException {
        if (end - pos < 2) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG marker segment length cut off", pos);
        }
        int length = u16(pos);
        if (length < 2) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG marker segment length " + length, pos);
        }
        if (length > end - pos) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG marker segment runs past the end", pos);
        }
        int segmentEnd = pos + length;
        pos += 2;
        return segmentEnd;
    }

    /**
     * Reads a start-of-frame segment (ITU T.81 B.2.2), the cursor just past its marker: sample precision, lines,
     * samples per line and component count, checked against the segment's length and against what any JPEG process
     * allows. Leaves the position at the first component specification. {@code errorOffset} is the offset the
     * caller's exceptions name for this segment.
     */
    JpegFrameInfo frameHeader(int marker, int errorOffset) throws DicomException {
        int segmentEnd = segmentEnd();
        int p = pos;
        if (segmentEnd - p < 6) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG frame header too short", errorOffset);
        }
        int precision = data[p] & 0xFF;
        int height = u16(p + 1);
        int width = u16(p + 3);
        int count = data[p + 5] & 0xFF;
        if (segmentEnd - p != 6 + 3 * count) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG frame header length does not match "
                    + count + " components", errorOffset);
        }
        if (precision < 2 || precision > 16 || width == 0 || count == 0) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG frame header " + width + "x" + height + "x"
                    + count + " precision " + precision, errorOffset);
        }
        pos = p + 6;
        return new JpegFrameInfo(marker, precision, width, height, count);
    }
}
