package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/** The stored-value histogram against a plain count, frame after frame on one thread (its array is reused). */
class StoredHistogramTest {

    private static PixelFrame frame(int rows, int columns, boolean signed, short[] values) {
        return new PixelFrame(rows, columns, 1, Photometric.MONOCHROME2, 16, signed, null, values, null);
    }

    /** Checks lo, hi and every count against counting {@code values} one by one. */
    private static void assertCounts(StoredHistogram h, short[] values, boolean signed) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (short v : values) {
            int x = signed ? v : v & 0xFFFF;
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        assertThat(h.lo).isEqualTo(lo);
        assertThat(h.hi).isEqualTo(hi);
        int[] expected = new int[hi - lo + 1];
        for (short v : values) {
            expected[(signed ? v : v & 0xFFFF) - lo]++;
        }
        assertThat(h.counts).containsExactly(expected);
    }

    @Test
    void countsFramesOneAfterTheOtherAsIfEachWereTheFirst() {
        Random r = new Random(7);
        // Large and small frames, unsigned and signed, ranges that overlap and ranges that do not, the extremes.
        int[][] shapes = {{240, 240}, {64, 64}, {300, 200}, {1, 1}, {512, 512}, {3, 5}};
        for (int round = 0; round < 3; round++) {
            for (int[] shape : shapes) {
                for (boolean signed : new boolean[] {false, true}) {
                    short[] values = new short[shape[0] * shape[1]];
                    int base = r.nextInt(60000) - (signed ? 30000 : 0);
                    int span = 1 + r.nextInt(5000);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (short) Math.max(signed ? -32768 : 0, Math.min(signed ? 32767 : 65535,
                                base + r.nextInt(span)));
                    }
                    if (shape[0] == 512) {
                        values[0] = (short) (signed ? -32768 : 0);
                        values[values.length - 1] = (short) (signed ? 32767 : 65535);
                    }
                    assertCounts(StoredHistogram.of(frame(shape[0], shape[1], signed, values)), values, signed);
                }
            }
        }
    }

    @Test
    void eightBitFramesAreCountedToo() {
        byte[] values = {0, 5, 5, (byte) 200, (byte) 255, 5};
        PixelFrame f = new PixelFrame(2, 3, 1, Photometric.MONOCHROME2, 8, false, values, null, null);
        StoredHistogram h = StoredHistogram.of(f);
        assertThat(h.lo).isZero();
        assertThat(h.hi).isEqualTo(255);
        assertThat(h.counts[5]).isEqualTo(3);
        assertThat(h.counts[200]).isEqualTo(1);
        assertThat(h.counts).hasSize(256);
        PixelFrame signed = new PixelFrame(2, 3, 1, Photometric.MONOCHROME2, 8, true, values, null, null);
        StoredHistogram s = StoredHistogram.of(signed);
        assertThat(s.lo).isEqualTo(-56);
        assertThat(s.hi).isEqualTo(5);
        assertThat(s.counts[5 - s.lo]).isEqualTo(3);
    }
}
