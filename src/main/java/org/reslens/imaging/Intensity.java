package org.reslens.imaging;

/**
 * The intensity arithmetic of the preprocessing steps, in float32 operation by operation as numpy evaluates it on a
 * float32 array with scalar parameters (each parameter rounded to float32 first), so that the values entering the
 * resize are bit-identical to the training code's.
 */
final class Intensity {
    /** A float-to-float step. */
    @FunctionalInterface
    interface FloatOp {
        float apply(float v);
    }

    private Intensity() {
    }

    /**
     * {@code (v - aMin) / (aMax - aMin) * (bMax - bMin) + bMin}, every value when {@code aMax == aMin} becoming
     * {@code bMin}; clipped to the output range when asked.
     */
    static FloatOp scale(double aMin, double aMax, double bMin, double bMax, boolean clip) {
        float a = (float) aMin;
        float range = (float) aMax - a;
        float b = (float) bMin;
        float span = (float) bMax - b;
        float lo = Math.min(b, (float) bMax);
        float hi = Math.max(b, (float) bMax);
        return v -> {
            float y = range == 0 ? b : (v - a) / range * span + b;
            return clip ? (y < lo ? lo : Math.min(y, hi)) : y;
        };
    }

    /** {@code (v - subtrahend) / divisor}. */
    static FloatOp normalize(double subtrahend, double divisor) {
        float s = (float) subtrahend;
        float d = (float) divisor;
        return v -> (v - s) / d;
    }
}
