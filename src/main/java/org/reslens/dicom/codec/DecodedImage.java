package org.reslens.dicom.codec;

/**
 * What a codestream decoder delivers: samples interleaved pixel by pixel (component fastest), as unsigned values
 * in {@code [0, 2^precision)}. Exactly one of {@code bytes} (precision 8 or less) and {@code shorts} (9 to 16) is
 * non-null. DICOM-level steps (sign extension per Pixel Representation, checks against Rows/Columns) happen in the
 * caller.
 */
public record DecodedImage(int width, int height, int components, int precision, byte[] bytes, short[] shorts) {
    public DecodedImage {
        if (width <= 0 || height <= 0 || components <= 0 || precision < 1 || precision > 16) {
            throw new IllegalArgumentException("bad image geometry " + width + "x" + height + "x" + components
                    + " precision " + precision);
        }
        long n = (long) width * height * components;
        if ((bytes == null) == (shorts == null)) {
            throw new IllegalArgumentException("exactly one sample array must be given");
        }
        if (bytes != null && (precision > 8 || bytes.length != n)) {
            throw new IllegalArgumentException("byte samples need precision <= 8 and " + n + " values");
        }
        if (shorts != null && shorts.length != n) {
            throw new IllegalArgumentException("expected " + n + " short samples, got " + shorts.length);
        }
    }

    public static DecodedImage ofBytes(int width, int height, int components, int precision, byte[] samples) {
        return new DecodedImage(width, height, components, precision, samples, null);
    }

    public static DecodedImage ofShorts(int width, int height, int components, int precision, short[] samples) {
        return new DecodedImage(width, height, components, precision, null, samples);
    }

    /** Sample {@code i} (interleaved index) as an unsigned int. */
    public int sample(int i) {
        return bytes != null ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }
}
