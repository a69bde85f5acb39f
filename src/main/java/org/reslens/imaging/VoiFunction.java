package org.reslens.imaging;

/**
 * VOI LUT Function (0028,1056): how a window maps modality values to the output range, exactly as PS3.3 C.11.2.1.2
 * (LINEAR, and SIGMOID in C.11.2.1.3.1) and C.11.2.1.3.2 (LINEAR_EXACT) write it. {@code x} is the input, {@code c}
 * and {@code w} the window centre and width, {@code ymin..ymax} the output range.
 */
public enum VoiFunction {
    /**
     * The default. The {@code c - 0.5} and {@code w - 1} terms place the window on the centres of integer input
     * values, so a width of 1 is a hard threshold between {@code c - 1} and {@code c}.
     */
    LINEAR {
        @Override
        public double apply(double x, double c, double w, double ymin, double ymax) {
            double half = (w - 1) / 2;
            if (x <= c - 0.5 - half) {
                return ymin;
            }
            if (x > c - 0.5 + half) {
                return ymax;
            }
            return ((x - (c - 0.5)) / (w - 1) + 0.5) * (ymax - ymin) + ymin;
        }

        @Override
        public boolean acceptsWidth(double w) {
            return w >= 1;
        }
    },
    /** The window edges are exactly {@code c - w/2} and {@code c + w/2}; for real-valued data such as PET SUV. */
    LINEAR_EXACT {
        @Override
        public double apply(double x, double c, double w, double ymin, double ymax) {
            if (x <= c - w / 2) {
                return ymin;
            }
            if (x > c + w / 2) {
                return ymax;
            }
            return ((x - c) / w + 0.5) * (ymax - ymin) + ymin;
        }

        @Override
        public boolean acceptsWidth(double w) {
            return w > 0;
        }
    },
    /** A logistic curve through the centre; never quite reaches either end of the range. */
    SIGMOID {
        @Override
        public double apply(double x, double c, double w, double ymin, double ymax) {
            return (ymax - ymin) / (1 + Math.exp(-4 * (x - c) / w)) + ymin;
        }

        @Override
        public boolean acceptsWidth(double w) {
            return w > 0;
        }
    };

    /** The output value for input {@code x}. */
    public abstract double apply(double x, double c, double w, double ymin, double ymax);

    /** Whether the standard allows this width for this function (LINEAR: w >= 1; the others: w > 0). */
    public abstract boolean acceptsWidth(double w);

    /**
     * The function a file names. Absent means LINEAR (the standard's default); an unknown term is also read as
     * LINEAR, because refusing to display an image over a misspelt optional attribute helps nobody.
     */
    public static VoiFunction ofTerm(String term) {
        if (term == null) {
            return LINEAR;
        }
        return switch (term.strip()) {
            case "LINEAR_EXACT" -> LINEAR_EXACT;
            case "SIGMOID" -> SIGMOID;
            default -> LINEAR;
        };
    }
}
