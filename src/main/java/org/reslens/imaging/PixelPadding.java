package org.reslens.imaging;

import java.util.Optional;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.Tags;

/**
 * Stored values that mark pixels outside the patient (Pixel Padding Value, and up to Pixel Padding Range Limit when
 * present; PS3.3 C.7.5.1.1.2): an inclusive range in stored values. They take no part in the automatic window.
 */
public record PixelPadding(long low, long high) {
    private static final int PIXEL_PADDING_RANGE_LIMIT = 0x00280121;

    public PixelPadding {
        if (low > high) {
            throw new IllegalArgumentException("padding range " + low + ".." + high + " is empty");
        }
    }

    public boolean contains(long stored) {
        return stored >= low && stored <= high;
    }

    /**
     * Reads the padding of an image. The values are US or SS like the pixels; implicit-VR files may give a signed
     * value as US, so for signed pixels a 16-bit value is sign-extended.
     */
    public static Optional<PixelPadding> read(Attributes ds, boolean signed) {
        int[] v = ds.getInts(Tags.PixelPaddingValue);
        if (v.length == 0) {
            return Optional.empty();
        }
        long a = signed ? (short) v[0] : v[0] & 0xFFFFL;
        int[] limit = ds.getInts(PIXEL_PADDING_RANGE_LIMIT);
        long b = limit.length == 0 ? a : signed ? (short) limit[0] : limit[0] & 0xFFFFL;
        return Optional.of(new PixelPadding(Math.min(a, b), Math.max(a, b)));
    }
}
