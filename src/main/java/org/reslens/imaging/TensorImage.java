package org.reslens.imaging;

import org.reslens.dicom.PixelFrame;

/**
 * The image a preprocessing run works on, in float32 like the training code's arrays. Until the first resize it
 * stays in stored form (the frame's integers plus a table of the current value of each distinct stored value), so
 * that intensity steps cost one evaluation per distinct value and statistics come from the histogram; no float copy
 * of the full-resolution slice is made. After a resize it is a small dense array.
 */
abstract sealed class TensorImage permits TensorImage.Stored, TensorImage.Dense {

    abstract int width();

    abstract int height();

    /** The values of all pixels, for percentiles, mean and standard deviation. */
    abstract Distribution distribution();

    /** Applies {@code f} to every value. */
    abstract TensorImage map(Intensity.FloatOp f);

    /** Resizes with one kernel per axis. */
    abstract float[] resample(AxisKernel kx, AxisKernel ky);

    /** The values row-major; may be this image's own array. */
    abstract float[] values();

    /**
     * Modality values of a single-sample frame, as float32: a rescale is {@code float(stored) * float(slope) +
     * float(intercept)}, the way {@code stored.astype(float32) * slope + intercept} computes it.
     */
    static TensorImage of(PixelFrame frame, ModalityLut modality) {
        if (StoredHistogram.supports(frame)) {
            StoredHistogram h = StoredHistogram.of(frame);
            float[] lut = new float[h.counts.length];
            for (int i = 0; i < lut.length; i++) {
                lut[i] = modalityValue(modality, h.lo + i);
            }
            return new Stored(frame, h, lut);
        }
        int n = frame.rows() * frame.columns();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = modalityValue(modality, frame.sample(i));
        }
        return new Dense(v, frame.columns(), frame.rows());
    }

    private static float modalityValue(ModalityLut modality, long stored) {
        if (modality instanceof ModalityLut.Rescale r) {
            return (float) stored * (float) r.slope() + (float) r.intercept();
        }
        return (float) modality.apply(stored);
    }

    static final class Stored extends TensorImage {
        private final PixelFrame frame;
        private final StoredHistogram histogram;
        /** {@code lut[stored - histogram.lo]} is the current value of a stored value. */
        private final float[] lut;

        Stored(PixelFrame frame, StoredHistogram histogram, float[] lut) {
            this.frame = frame;
            this.histogram = histogram;
            this.lut = lut;
        }

        @Override
        int width() {
            return frame.columns();
        }

        @Override
        int height() {
            return frame.rows();
        }

        @Override
        Distribution distribution() {
            return histogram.distribution(lut);
        }

        @Override
        TensorImage map(Intensity.FloatOp f) {
            float[] next = new float[lut.length];
            for (int i = 0; i < lut.length; i++) {
                next[i] = f.apply(lut[i]);
            }
            return new Stored(frame, histogram, next);
        }

        @Override
        float[] resample(AxisKernel kx, AxisKernel ky) {
            return Resampler.resample(rowSource(), kx, ky);
        }

        /** Rows of current values: each stored value looked up in the table. */
        private Resampler.RowSource rowSource() {
            int w = frame.columns();
            int lo = histogram.lo;
            float[] t = lut;
            short[] s = frame.shorts();
            byte[] b = frame.bytes();
            boolean signed = frame.signed();
            return new Resampler.RowSource() {
                @Override
                void read(int y, float[] row) {
                    int base = y * w;
                    if (s != null) {
                        if (signed) {
                            for (int x = 0; x < w; x++) {
                                row[x] = t[s[base + x] - lo];
                            }
                        } else {
                            for (int x = 0; x < w; x++) {
                                row[x] = t[(s[base + x] & 0xFFFF) - lo];
                            }
                        }
                    } else if (signed) {
                        for (int x = 0; x < w; x++) {
                            row[x] = t[b[base + x] - lo];
                        }
                    } else {
                        for (int x = 0; x < w; x++) {
                            row[x] = t[(b[base + x] & 0xFF) - lo];
                        }
                    }
                }

                /** Two rows looked up and weighted in one pass (the same products and sum as read + weighted). */
                @Override
                void weighted2(int y0, float w0, int y1, float w1, float[] acc, float[] scratch) {
                    if (s == null) {
                        super.weighted2(y0, w0, y1, w1, acc, scratch);
                        return;
                    }
                    int b0 = y0 * w;
                    int b1 = y1 * w;
                    if (signed) {
                        for (int x = 0; x < w; x++) {
                            acc[x] = t[s[b0 + x] - lo] * w0 + t[s[b1 + x] - lo] * w1;
                        }
                    } else {
                        for (int x = 0; x < w; x++) {
                            acc[x] = t[(s[b0 + x] & 0xFFFF) - lo] * w0 + t[(s[b1 + x] & 0xFFFF) - lo] * w1;
                        }
                    }
                }
            };
        }

        @Override
        float[] values() {
            int w = frame.columns();
            float[] out = new float[w * frame.rows()];
            float[] row = new float[w];
            Resampler.RowSource src = rowSource();
            for (int y = 0; y < frame.rows(); y++) {
                src.read(y, row);
                System.arraycopy(row, 0, out, y * w, w);
            }
            return out;
        }
    }

    static final class Dense extends TensorImage {
        private final float[] data;
        private final int width;
        private final int height;

        Dense(float[] data, int width, int height) {
            this.data = data;
            this.width = width;
            this.height = height;
        }

        @Override
        int width() {
            return width;
        }

        @Override
        int height() {
            return height;
        }

        @Override
        Distribution distribution() {
            double[] d = new double[data.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = data[i];
            }
            return Distribution.ofSamples(d, d.length);
        }

        @Override
        TensorImage map(Intensity.FloatOp f) {
            for (int i = 0; i < data.length; i++) {
                data[i] = f.apply(data[i]);
            }
            return this;
        }

        @Override
        float[] resample(AxisKernel kx, AxisKernel ky) {
            return Resampler.resample(Resampler.floats(data, width), kx, ky);
        }

        @Override
        float[] values() {
            return data;
        }
    }
}
