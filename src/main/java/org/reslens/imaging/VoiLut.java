package org.reslens.imaging;

/**
 * The VOI LUT stage (PS3.3 C.11.2): modality values to the display range. A file may offer several; each is a
 * preset the user can pick, with the file's explanation.
 */
public sealed interface VoiLut permits VoiLut.Window, VoiLut.Table {

    /** Maps a modality value into {@code ymin..ymax}. */
    double apply(double x, double ymin, double ymax);

    /** What the file (or ResLens) calls this preset, e.g. "BRAIN" or "AUTO 0.5-99.5%"; may be empty. */
    String explanation();

    /** A window of LINEAR function, the common case. */
    static Window window(double center, double width) {
        return new Window(center, width, VoiFunction.LINEAR, "");
    }

    /** Window Center/Width with a VOI LUT Function; the width must suit the function (LINEAR: >= 1, else > 0). */
    record Window(double center, double width, VoiFunction function, String explanation) implements VoiLut {
        public Window {
            if (function == null) {
                throw new IllegalArgumentException("VOI LUT Function missing");
            }
            if (!Double.isFinite(center) || !Double.isFinite(width) || !function.acceptsWidth(width)) {
                throw new IllegalArgumentException("window " + center + "/" + width + " is not valid for "
                        + function);
            }
            explanation = explanation == null ? "" : explanation;
        }

        @Override
        public double apply(double x, double ymin, double ymax) {
            return function.apply(x, center, width, ymin, ymax);
        }

        /** The same window with another centre and width (e.g. while the user drags), keeping the function. */
        public Window moved(double newCenter, double newWidth) {
            return new Window(newCenter, newWidth, function, "");
        }
    }

    /**
     * A VOI LUT Sequence item. The input is rounded to the nearest integer before lookup (modality values from a
     * fractional rescale fall between entries); the output range 0..2^bits-1 of the descriptor is mapped linearly to
     * {@code ymin..ymax}.
     */
    record Table(LookupTable lut) implements VoiLut {
        public Table {
            if (lut == null) {
                throw new IllegalArgumentException("VOI LUT missing");
            }
        }

        @Override
        public double apply(double x, double ymin, double ymax) {
            int v = lut.lookup((long) Math.floor(x + 0.5));
            double max = lut.descriptor().maxOutput();
            return Math.min(v, max) / max * (ymax - ymin) + ymin;
        }

        @Override
        public String explanation() {
            return lut.explanation();
        }
    }
}
