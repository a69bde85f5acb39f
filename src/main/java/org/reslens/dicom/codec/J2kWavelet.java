package org.reslens.dicom.codec;

/**
 * Inverse discrete wavelet transforms of ISO 15444-1 Annex F by lifting: the reversible 5/3 on ints and the
 * irreversible 9/7 on floats. Each level starts with the subbands side by side in the component buffer (low half
 * first in each direction, as tier-1 placed them), undoes the horizontal then the vertical step, and leaves the
 * next resolution's samples in place. Signal ends use whole-sample symmetric extension (F.3.7); which samples are
 * low-pass follows the parity of the resolution's absolute coordinates.
 */
final class J2kWavelet {
    private static final float ALPHA = -1.586134342f;
    private static final float BETA = -0.052980118f;
    private static final float GAMMA = 0.882911075f;
    private static final float DELTA = 0.443506852f;
    private static final float K = 1.230174105f;

    private J2kWavelet() {
    }

    static void inverse53(J2kTile.Component comp) {
        int stride = comp.width();
        int[] buf = comp.ints;
        int[] line = new int[Math.max(comp.width(), comp.height())];
        int[] rows = null;
        for (int r = 1; r < comp.res.length; r++) {
            J2kTile.Resolution res = comp.res[r];
            J2kTile.Resolution low = comp.res[r - 1];
            int w = res.x1 - res.x0;
            int h = res.y1 - res.y0;
            if (w == 0 || h == 0) {
                continue;
            }
            int lw = low.x1 - low.x0;
            int lh = low.y1 - low.y0;
            int px = res.x0 & 1;
            int py = res.y0 & 1;
            for (int y = 0; y < h; y++) {
                int o = y * stride;
                interleave(buf, o, lw, w, px, line);
                lift53(line, w, px);
                System.arraycopy(line, 0, buf, o, w);
            }
            if (rows == null) {
                rows = new int[comp.width() * comp.height()];
            }
            // vertical: interleave whole rows, then lift row against row so the inner loops run along memory
            for (int i = 0; i < h; i++) {
                int src = i < lh ? i : i - lh;
                int dstRow = i < lh ? 2 * src + py : 2 * src + 1 - py;
                System.arraycopy(buf, (i < lh ? src : lh + src) * stride, rows, dstRow * w, w);
            }
            liftRows53(rows, w, h, py);
            for (int i = 0; i < h; i++) {
                System.arraycopy(rows, i * w, buf, i * stride, w);
            }
        }
    }

    private static void interleave(int[] buf, int o, int lw, int w, int parity, int[] line) {
        int hw = w - lw;
        for (int i = 0; i < lw; i++) {
            line[2 * i + parity] = buf[o + i];
        }
        for (int i = 0; i < hw; i++) {
            line[2 * i + 1 - parity] = buf[o + lw + i];
        }
    }

    private static void lift53(int[] x, int n, int parity) {
        if (n == 1) {
            if (parity == 1) {
                x[0] /= 2;
            }
            return;
        }
        // even (low-pass) positions: x -= floor((left + right + 2) / 4)
        for (int k = parity; k < n; k += 2) {
            int left = k > 0 ? x[k - 1] : x[k + 1];
            int right = k + 1 < n ? x[k + 1] : x[k - 1];
            x[k] -= (left + right + 2) >> 2;
        }
        // odd (high-pass) positions: x += floor((left + right) / 2)
        for (int k = 1 - parity; k < n; k += 2) {
            int left = k > 0 ? x[k - 1] : x[k + 1];
            int right = k + 1 < n ? x[k + 1] : x[k - 1];
            x[k] += (left + right) >> 1;
        }
    }

    private static void liftRows53(int[] t, int w, int h, int parity) {
        if (h == 1) {
            if (parity == 1) {
                for (int x = 0; x < w; x++) {
                    t[x] /= 2;
                }
            }
            return;
        }
        for (int k = parity; k < h; k += 2) {
            int up = (k > 0 ? k - 1 : k + 1) * w;
            int down = (k + 1 < h ? k + 1 : k - 1) * w;
            int row = k * w;
            for (int x = 0; x < w; x++) {
                t[row + x] -= (t[up + x] + t[down + x] + 2) >> 2;
            }
        }
        for (int k = 1 - parity; k < h; k += 2) {
            int up = (k > 0 ? k - 1 : k + 1) * w;
            int down = (k + 1 < h ? k + 1 : k - 1) * w;
            int row = k * w;
            for (int x = 0; x < w; x++) {
                t[row + x] += (t[up + x] + t[down + x]) >> 1;
            }
        }
    }

    static void inverse97(J2kTile.Component comp) {
        int stride = comp.width();
        float[] buf = comp.floats;
        float[] line = new float[Math.max(comp.width(), comp.height())];
        float[] rows = null;
        for (int r = 1; r < comp.res.length; r++) {
            J2kTile.Resolution res = comp.res[r];
            J2kTile.Resolution low = comp.res[r - 1];
            int w = res.x1 - res.x0;
            int h = res.y1 - res.y0;
            if (w == 0 || h == 0) {
                continue;
            }
            int lw = low.x1 - low.x0;
            int lh = low.y1 - low.y0;
            int px = res.x0 & 1;
            int py = res.y0 & 1;
            for (int y = 0; y < h; y++) {
                int o = y * stride;
                int hw = w - lw;
                for (int i = 0; i < lw; i++) {
                    line[2 * i + px] = buf[o + i];
                }
                for (int i = 0; i < hw; i++) {
                    line[2 * i + 1 - px] = buf[o + lw + i];
                }
                lift97(line, w, px);
                System.arraycopy(line, 0, buf, o, w);
            }
            if (rows == null) {
                rows = new float[comp.width() * comp.height()];
            }
            for (int i = 0; i < h; i++) {
                int src = i < lh ? i : i - lh;
                int dstRow = i < lh ? 2 * src + py : 2 * src + 1 - py;
                System.arraycopy(buf, i * stride, rows, dstRow * w, w);
            }
            liftRows97(rows, w, h, py);
            for (int i = 0; i < h; i++) {
                System.arraycopy(rows, i * w, buf, i * stride, w);
            }
        }
    }

    private static void lift97(float[] x, int n, int parity) {
        if (n == 1) {
            if (parity == 1) {
                x[0] /= 2;
            }
            return;
        }
        for (int k = parity; k < n; k += 2) {
            x[k] *= K;
        }
        for (int k = 1 - parity; k < n; k += 2) {
            x[k] *= 1 / K;
        }
        step97(x, n, parity, DELTA);
        step97(x, n, 1 - parity, GAMMA);
        step97(x, n, parity, BETA);
        step97(x, n, 1 - parity, ALPHA);
    }

    private static void step97(float[] x, int n, int start, float coef) {
        for (int k = start; k < n; k += 2) {
            float left = k > 0 ? x[k - 1] : x[k + 1];
            float right = k + 1 < n ? x[k + 1] : x[k - 1];
            x[k] -= coef * (left + right);
        }
    }

    private static void liftRows97(float[] t, int w, int h, int parity) {
        if (h == 1) {
            if (parity == 1) {
                for (int x = 0; x < w; x++) {
                    t[x] /= 2;
                }
            }
            return;
        }
        for (int k = 0; k < h; k++) {
            float f = ((k & 1) == parity) ? K : 1 / K;
            int row = k * w;
            for (int x = 0; x < w; x++) {
                t[row + x] *= f;
            }
        }
        stepRows97(t, w, h, parity, DELTA);
        stepRows97(t, w, h, 1 - parity, GAMMA);
        stepRows97(t, w, h, parity, BETA);
        stepRows97(t, w, h, 1 - parity, ALPHA);
    }

    private static void stepRows97(float[] t, int w, int h, int start, float coef) {
        for (int k = start; k < h; k += 2) {
            int up = (k > 0 ? k - 1 : k + 1) * w;
            int down = (k + 1 < h ? k + 1 : k - 1) * w;
            int row = k * w;
            for (int x = 0; x < w; x++) {
                t[row + x] -= coef * (t[up + x] + t[down + x]);
            }
        }
    }
}
