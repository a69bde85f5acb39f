package org.reslens.dicom.codec;

/**
 * The reversible colour transforms that CharLS (after HP's LOCO-I implementation) signals in an APP8 segment
 * starting with "mrfx". They are not part of T.87: the three decoded components are the transformed values, and
 * the decoder must undo the transform modulo 2^precision to recover R, G, B. Only 8- and 16-bit, 3-component images
 * carry them.
 */
enum JpegLsColorTransform {
    NONE {
        @Override
        void invert(int[] v, int mask) {
        }
    },
    HP1 {
        @Override
        void invert(int[] v, int mask) {
            int half = (mask + 1) >> 1;
            int g = v[1];
            v[0] = (v[0] + g - half) & mask;
            v[2] = (v[2] + g - half) & mask;
        }
    },
    HP2 {
        @Override
        void invert(int[] v, int mask) {
            int half = (mask + 1) >> 1;
            int g = v[1];
            int r = (v[0] + g - half) & mask;
            v[0] = r;
            v[2] = (v[2] + ((r + g) >> 1) - half) & mask;
        }
    },
    HP3 {
        @Override
        void invert(int[] v, int mask) {
            int half = (mask + 1) >> 1;
            int g = (v[0] - ((v[2] + v[1]) >> 2) + (half >> 1)) & mask;
            int b = (v[1] + g - half) & mask;
            v[0] = (v[2] + g - half) & mask;
            v[1] = g;
            v[2] = b;
        }
    };

    /** The transform with the id CharLS writes after "mrfx", or null for an unknown id. */
    static JpegLsColorTransform ofId(int id) {
        return id >= 0 && id < values().length ? values()[id] : null;
    }

    /** Turns one transformed pixel {@code v} (3 samples) back into R, G, B in place. */
    abstract void invert(int[] v, int mask);

    /** Inverts the transform over interleaved 3-sample pixels. */
    void invert(byte[] samples) {
        if (this == NONE) {
            return;
        }
        int[] v = new int[3];
        for (int i = 0; i + 2 < samples.length; i += 3) {
            v[0] = samples[i] & 0xFF;
            v[1] = samples[i + 1] & 0xFF;
            v[2] = samples[i + 2] & 0xFF;
            invert(v, 0xFF);
            samples[i] = (byte) v[0];
            samples[i + 1] = (byte) v[1];
            samples[i + 2] = (byte) v[2];
        }
    }

    /** Inverts the transform over interleaved 3-sample pixels. */
    void invert(short[] samples) {
        if (this == NONE) {
            return;
        }
        int[] v = new int[3];
        for (int i = 0; i + 2 < samples.length; i += 3) {
            v[0] = samples[i] & 0xFFFF;
            v[1] = samples[i + 1] & 0xFFFF;
            v[2] = samples[i + 2] & 0xFFFF;
            invert(v, 0xFFFF);
            samples[i] = (short) v[0];
            samples[i + 1] = (short) v[1];
            samples[i + 2] = (short) v[2];
        }
    }
}
