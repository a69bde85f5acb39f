package org.reslens.dicom.codec;

/**
 * The last steps of decoding (ISO 15444-1 Annex G): the inverse component transform (RCT with the 5/3 wavelet,
 * ICT with the 9/7), the DC level shift of unsigned components, clamping to the component's range, and writing
 * the tile into the interleaved image. Signed samples are stored as their bit pattern masked to the precision.
 */
final class J2kOutput {
    private J2kOutput() {
    }

    static void write(J2kCodestream cs, J2kTile tile, boolean mct, int width, byte[] bytes, short[] shorts) {
        J2kTile.Component[] comps = tile.comps;
        int nc = comps.length;
        boolean transform = mct && nc >= 3;
        if (transform) {
            if (comps[0].ints != null && comps[1].ints != null && comps[2].ints != null) {
                inverseRct(comps[0].ints, comps[1].ints, comps[2].ints);
            } else {
                inverseIct(floats(comps[0]), floats(comps[1]), floats(comps[2]));
            }
        }
        int tw = tile.x1 - tile.x0;
        int th = tile.y1 - tile.y0;
        for (int c = 0; c < nc; c++) {
            J2kTile.Component comp = comps[c];
            int prec = cs.precision[c];
            boolean signed = cs.signed[c];
            int min = signed ? -(1 << (prec - 1)) : 0;
            int max = signed ? (1 << (prec - 1)) - 1 : (1 << prec) - 1;
            int shift = signed ? 0 : 1 << (prec - 1);
            int mask = (1 << prec) - 1;
            int[] iv = comp.ints;
            float[] fv = comp.floats;
            for (int y = 0; y < th; y++) {
                int src = y * tw;
                int dst = ((tile.y0 - cs.y0 + y) * width + (tile.x0 - cs.x0)) * nc + c;
                if (iv != null && shorts != null) {
                    // the common case (16-bit reversible) in a loop of its own, free of per-sample type tests
                    for (int x = 0; x < tw; x++, dst += nc) {
                        int v = iv[src + x] + shift;
                        shorts[dst] = (short) (Math.min(max, Math.max(min, v)) & mask);
                    }
                    continue;
                }
                for (int x = 0; x < tw; x++, dst += nc) {
                    int v = iv != null ? iv[src + x] : Math.round(fv[src + x]);
                    v += shift;
                    v = v < min ? min : v > max ? max : v;
                    v &= mask;
                    if (bytes != null) {
                        bytes[dst] = (byte) v;
                    } else {
                        shorts[dst] = (short) v;
                    }
                }
            }
        }
    }

    private static float[] floats(J2kTile.Component comp) {
        if (comp.floats != null) {
            return comp.floats;
        }
        // a reversible component mixed into an ICT: rare, but convert rather than fail
        float[] f = new float[comp.ints.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = comp.ints[i];
        }
        comp.floats = f;
        comp.ints = null;
        return f;
    }

    private static void inverseRct(int[] y0, int[] y1, int[] y2) {
        for (int i = 0; i < y0.length; i++) {
            int g = y0[i] - ((y1[i] + y2[i]) >> 2);
            int r = y2[i] + g;
            int b = y1[i] + g;
            y0[i] = r;
            y1[i] = g;
            y2[i] = b;
        }
    }

    private static void inverseIct(float[] y0, float[] y1, float[] y2) {
        for (int i = 0; i < y0.length; i++) {
            float y = y0[i];
            float cb = y1[i];
            float cr = y2[i];
            y0[i] = y + 1.402f * cr;
            y1[i] = y - 0.34413f * cb - 0.71414f * cr;
            y2[i] = y + 1.772f * cb;
        }
    }
}
