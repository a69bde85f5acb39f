package org.reslens.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/** The marker walk shared by the lossless and DCT decoders, on a dcmtk stream and on crafted edge cases. */
class JpegMarkerCursorTest {

    @Test
    void walksEveryMarkerOfADcmtkStreamFromSoiToEoi() throws Exception {
        byte[] data = resource("/codec/jpeg-lossless/dcmtk_ct16s_sv1.jpg");
        JpegMarkerCursor in = new JpegMarkerCursor(data, 0, data.length);
        in.expectSoi();
        List<Integer> markers = new ArrayList<>();
        for (int marker = in.nextMarker(); marker >= 0; marker = in.nextMarker()) {
            markers.add(marker);
            if (marker != 0xD9 && JpegMarkerCursor.hasSegment(marker)) { // EOI: SOI's partner, no segment
                in.seek(in.segmentEnd());
            }
        }
        // tables and frame before the scan; the scan's entropy-coded bytes (FF 00 stuffing) hide no marker
        assertThat(markers).contains(0xC3, 0xC4);
        assertThat(markers.indexOf(0xC3)).isLessThan(markers.indexOf(0xDA));
        assertThat(markers.get(markers.size() - 1)).isEqualTo(0xD9);
        assertThat(in.pos()).isEqualTo(data.length);
    }

    @Test
    void skipsStrayBytesAndFillBytesBeforeAMarker() throws Exception {
        byte[] data = bytes(0xFF, 0xD8, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xFF, 0xFF, 0xC4, 0x00, 0x02);
        JpegMarkerCursor in = new JpegMarkerCursor(data, 0, data.length);
        in.expectSoi();

        assertThat(in.nextMarker()).isEqualTo(0xC4);
        assertThat(in.pos()).isEqualTo(10);
        assertThat(in.segmentEnd()).isEqualTo(12);
        assertThat(in.nextMarker()).isEqualTo(-1);
        assertThat(in.pos()).isEqualTo(data.length);
    }

    @Test
    void refusesASegmentLengthRunningPastTheEndAsTruncatedAtTheLength() throws Exception {
        byte[] data = bytes(0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x10, 0x00);
        JpegMarkerCursor in = new JpegMarkerCursor(data, 0, data.length);
        in.expectSoi();
        in.nextMarker();

        DicomException e = catchThrowableOfType(DicomException.class, in::segmentEnd);

        assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
        assertThat(e.offset()).isEqualTo(4);
    }

    @Test
    void refusesASegmentLengthBelowTwoAsMalformed() throws Exception {
        byte[] data = bytes(0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x01, 0x00, 0x00);
        JpegMarkerCursor in = new JpegMarkerCursor(data, 0, data.length);
        in.expectSoi();
        in.nextMarker();

        DicomException e = catchThrowableOfType(DicomException.class, in::segmentEnd);

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.offset()).isEqualTo(4);
    }

    @Test
    void refusesAStreamWithoutSoiAtItsOffsetInTheCallersArray() {
        byte[] data = bytes(0x00, 0x00, 0xFF, 0xD9, 0x00);
        JpegMarkerCursor in = new JpegMarkerCursor(data, 2, 3);

        DicomException e = catchThrowableOfType(DicomException.class, in::expectSoi);

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.offset()).isEqualTo(2);
    }

    @Test
    void restartAndTemMarkersCarryNoSegment() {
        for (int rst = 0xD0; rst <= 0xD7; rst++) {
            assertThat(JpegMarkerCursor.hasSegment(rst)).isFalse();
        }
        assertThat(JpegMarkerCursor.hasSegment(0x01)).isFalse();
        assertThat(JpegMarkerCursor.hasSegment(0xC4)).isTrue();
        assertThat(JpegMarkerCursor.hasSegment(0xDD)).isTrue();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegMarkerCursorTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
