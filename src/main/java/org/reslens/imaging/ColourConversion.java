package org.reslens.imaging;

import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/**
 * Colour frames to ARGB for display. Colour images get no windowing: RGB passes through (samples wider than 8 bits
 * keep their top 8 bits); YBR_FULL (and YBR_ICT, which uses the same equations) and YBR_PARTIAL are converted with
 * the inverses of the PS3.3 C.7.6.3.1.2 equations; natively stored 4:2:2 frames (two luma and one chroma pair per
 * two pixels) are upsampled by giving both pixels of a pair the pair's chroma.
 */
final class ColourConversion {
    private ColourConversion() {
    }

    static boolean handles(Photometric p) {
        return p.samplesPerPixel() == 3;
    }

    static ArgbBuffer toArgb(PixelFrame f) {
        Photometric p = f.photometric();
        if (!handles(p) || f.samplesPerPixel() != 3) {
            throw new IllegalArgumentException(p + " with " + f.samplesPerPixel() + " samples is not a colour frame");
        }
        int n = f.rows() * f.columns();
        int[] out = new int[n];
        int shift = f.bitsStored() - 8;
        boolean partial = p == Photometric.YBR_PARTIAL_422 || p == Photometric.YBR_PARTIAL_420;
        boolean ycc = p != Photometric.RGB && p != Photometric.YBR_RCT;
        if (p.subsampledHorizontally()) {
            for (int i = 0; i < n; i += 2) {
                int s = i * 2;
                int cb = eight(f, s + 2, shift);
                int cr = eight(f, s + 3, shift);
                out[i] = ycc(eight(f, s, shift), cb, cr, partial);
                if (i + 1 < n) {
                    out[i + 1] = ycc(eight(f, s + 1, shift), cb, cr, partial);
                }
            }
        } else if (ycc) {
            for (int i = 0; i < n; i++) {
                out[i] = ycc(eight(f, 3 * i, shift), eight(f, 3 * i + 1, shift), eight(f, 3 * i + 2, shift), partial);
            }
        } else if (f.bytes() != null && shift == 0) {
            byte[] b = f.bytes();
            for (int i = 0; i < n; i++) {
                out[i] = ArgbBuffer.rgb(b[3 * i] & 0xFF, b[3 * i + 1] & 0xFF, b[3 * i + 2] & 0xFF);
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = ArgbBuffer.rgb(eight(f, 3 * i, shift), eight(f, 3 * i + 1, shift), eight(f, 3 * i + 2, shift));
            }
        }
        return new ArgbBuffer(f.columns(), f.rows(), out);
    }

    private static int eight(PixelFrame f, int i, int shift) {
        long v = f.sample(i) & ((1L << f.bitsStored()) - 1);
        return (int) (shift >= 0 ? v >> shift : v << -shift);
    }

    private static int ycc(int y, int cb, int cr, boolean partial) {
        double r;
        double g;
        double b;
        double u = cb - 128.0;
        double v = cr - 128.0;
        if (partial) {
            double l = 1.1644 * (y - 16);
            r = l + 1.5960 * v;
            g = l - 0.3917 * u - 0.8130 * v;
            b = l + 2.0172 * u;
        } else {
            r = y + 1.402 * v;
            g = y - 0.344136 * u - 0.714136 * v;
            b = y + 1.772 * u;
        }
        return ArgbBuffer.rgb(clamp(r), clamp(g), clamp(b));
    }

    private static int clamp(double v) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(255, r));
    }
}
