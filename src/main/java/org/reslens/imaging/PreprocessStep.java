package org.reslens.imaging;

import java.util.OptionalDouble;

/**
 * One step of a model's preprocessing, as the training code declares it (MONAI-style names and fields; see
 * {@link Preprocessing} for the JSON). Steps run in order on the slice's modality values (float32).
 */
public sealed interface PreprocessStep permits PreprocessStep.ScaleIntensityRangePercentiles,
        PreprocessStep.ScaleIntensityRange, PreprocessStep.NormalizeIntensity, PreprocessStep.RepeatChannel,
        PreprocessStep.Resize {

    /** The name the JSON uses. */
    String name();

    private static void finite(String what, double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be finite numbers");
            }
        }
    }

    /**
     * {@code y = (v - a_min) / (a_max - a_min) * (b_max - b_min) + b_min}, clipped to {@code [b_min, b_max]} when
     * {@code clip}; when {@code a_max == a_min} the fraction is 0, so every value becomes {@code b_min}. A fixed
     * window, e.g. a CT soft-tissue window.
     */
    record ScaleIntensityRange(double aMin, double aMax, double bMin, double bMax, boolean clip)
            implements PreprocessStep {
        public ScaleIntensityRange {
            finite("ScaleIntensityRange a_min, a_max, b_min, b_max", aMin, aMax, bMin, bMax);
        }

        @Override
        public String name() {
            return "ScaleIntensityRange";
        }

    }

    /**
     * As {@link ScaleIntensityRange} with {@code a_min}, {@code a_max} the {@code lower}th and {@code upper}th
     * percentiles of all pixels of the current image ({@code numpy.percentile}, linear method).
     */
    record ScaleIntensityRangePercentiles(double lower, double upper, double bMin, double bMax, boolean clip)
            implements PreprocessStep {
        public ScaleIntensityRangePercentiles {
            finite("ScaleIntensityRangePercentiles values", lower, upper, bMin, bMax);
            if (lower < 0 || upper > 100 || lower > upper) {
                throw new IllegalArgumentException("percentiles need 0 <= lower <= upper <= 100, got " + lower
                        + ", " + upper);
            }
        }

        @Override
        public String name() {
            return "ScaleIntensityRangePercentiles";
        }
    }

    /**
     * {@code (v - subtrahend) / divisor}; an absent subtrahend is the image mean, an absent divisor the image's
     * population standard deviation (1 when that is 0).
     */
    record NormalizeIntensity(OptionalDouble subtrahend, OptionalDouble divisor) implements PreprocessStep {
        public NormalizeIntensity {
            if (subtrahend == null || divisor == null) {
                throw new IllegalArgumentException("use OptionalDouble.empty() for absent values");
            }
            finite("NormalizeIntensity subtrahend", subtrahend.orElse(0));
            finite("NormalizeIntensity divisor", divisor.orElse(1));
            if (divisor.isPresent() && divisor.getAsDouble() == 0) {
                throw new IllegalArgumentException("NormalizeIntensity divisor must not be 0");
            }
        }

        @Override
        public String name() {
            return "NormalizeIntensity";
        }
    }

    /** Copies the single channel {@code repeats} times (e.g. 3 for networks pretrained on RGB). */
    record RepeatChannel(int repeats) implements PreprocessStep {
        public RepeatChannel {
            if (repeats < 1 || repeats > 64) {
                throw new IllegalArgumentException("RepeatChannel repeats " + repeats + " not within 1..64");
            }
        }

        @Override
        public String name() {
            return "RepeatChannel";
        }
    }

    /**
     * {@code torch.nn.functional.interpolate(size=(height, width), mode, align_corners, antialias=False)}. With
     * aspect {@link Aspect#PAD} the image is first zero-padded to a square, centred (the odd pixel goes after).
     */
    record Resize(int height, int width, Mode mode, boolean alignCorners, Aspect aspect) implements PreprocessStep {
        public static final int MAX_SIZE = 8192;

        public Resize {
            if (height < 1 || width < 1 || height > MAX_SIZE || width > MAX_SIZE) {
                throw new IllegalArgumentException("Resize spatial_size " + height + "x" + width + " not within 1.."
                        + MAX_SIZE);
            }
            if (mode == null || aspect == null) {
                throw new IllegalArgumentException("Resize needs a mode and an aspect");
            }
            if (alignCorners && mode != Mode.BILINEAR) {
                throw new IllegalArgumentException("align_corners only applies to bilinear (as in PyTorch)");
            }
        }

        @Override
        public String name() {
            return "Resize";
        }

        /** PyTorch interpolation modes. */
        public enum Mode {
            /** PyTorch's legacy nearest: source index floor(o * in / out). */
            NEAREST("nearest"),
            BILINEAR("bilinear"),
            /** Adaptive average pooling. */
            AREA("area");

            private final String term;

            Mode(String term) {
                this.term = term;
            }

            public String term() {
                return term;
            }

            AxisKernel kernel(int in, int out, boolean alignCorners) {
                return switch (this) {
                    case NEAREST -> AxisKernel.torchNearest(in, out);
                    case BILINEAR -> AxisKernel.torchLinear(in, out, alignCorners);
                    case AREA -> AxisKernel.torchArea(in, out);
                };
            }
        }

        /** What happens to a non-square slice. */
        public enum Aspect {
            /** Each axis is resized independently. */
            STRETCH("stretch"),
            /** Zero-padded to a square first, so anatomy keeps its proportions. */
            PAD("pad");

            private final String term;

            Aspect(String term) {
                this.term = term;
            }

            public String term() {
                return term;
            }
        }
    }
}
