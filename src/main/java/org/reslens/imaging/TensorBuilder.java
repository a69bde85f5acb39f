package org.reslens.imaging;

import java.nio.FloatBuffer;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.PreprocessStep.NormalizeIntensity;
import org.reslens.imaging.PreprocessStep.RepeatChannel;
import org.reslens.imaging.PreprocessStep.Resize;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRange;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRangePercentiles;

/**
 * Builds a model's NCHW float32 input from one grayscale slice by running a {@link Preprocessing} on its modality
 * values, with the semantics of the Python side: percentiles as {@code numpy.percentile} (linear), resizing as
 * {@code torch.nn.functional.interpolate} (antialias off), arithmetic in float32. Immutable and thread-safe; one
 * builder per model.
 */
public final class TensorBuilder {
    private final Preprocessing preprocessing;

    public TensorBuilder(Preprocessing preprocessing) {
        if (preprocessing == null) {
            throw new IllegalArgumentException("preprocessing required");
        }
        this.preprocessing = preprocessing;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The shape of the input built from a slice of {@code rows x columns}. */
    public TensorShape shapeFor(int rows, int columns) {
        int channels = 1;
        int h = rows;
        int w = columns;
        for (PreprocessStep s : preprocessing.steps()) {
            if (s instanceof RepeatChannel r) {
                channels *= r.repeats();
            } else if (s instanceof Resize r) {
                h = r.height();
                w = r.width();
            }
        }
        return new TensorShape(1, channels, h, w);
    }

    /** Builds the input of one slice into a new array. */
    public ModelInput build(PixelFrame frame, ModalityLut modality) throws ImagingException {
        Result r = run(frame, modality);
        float[] out = new float[r.shape.size()];
        int plane = r.plane.length;
        for (int c = 0; c < r.shape.channels(); c++) {
            System.arraycopy(r.plane, 0, out, c * plane, plane);
        }
        return new ModelInput(out, r.shape, r.mapping);
    }

    /**
     * Builds the input of one slice into {@code dst} from float index {@code offset} on (e.g. batch item k at
     * {@code k * shape.size()}), leaving the buffer's position and limit alone, so inference can reuse one direct
     * buffer.
     */
    public GridMapping buildInto(PixelFrame frame, ModalityLut modality, FloatBuffer dst, int offset)
            throws ImagingException {
        TensorShape shape = shapeFor(frame.rows(), frame.columns());
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
        if (offset < 0 || (long) offset + shape.size() > dst.limit()) {
            throw new IllegalArgumentException("destination holds " + dst.limit() + " floats; " + shape.size()
                    + " from offset " + offset + " do not fit");
        }
        Result r = run(frame, modality);
        int plane = r.plane.length;
        for (int c = 0; c < r.shape.channels(); c++) {
            dst.put(offset + c * plane, r.plane, 0, plane);
        }
        return r.mapping;
    }

    private record Result(float[] plane, TensorShape shape, GridMapping mapping) {
    }

    private Result run(PixelFrame frame, ModalityLut modality) throws ImagingException {
        if (frame.samplesPerPixel() != 1 || !frame.photometric().isMonochrome()) {
            throw new ImagingException(ImagingException.Reason.UNSUPPORTED_PIXELS, "model input needs a grayscale "
                    + "frame; this one is " + frame.photometric().term());
        }
        TensorImage img = TensorImage.of(frame, modality);
        GridMapping mapping = GridMapping.identity(frame.columns(), frame.rows());
        int channels = 1;
        for (PreprocessStep step : preprocessing.steps()) {
            if (step instanceof ScaleIntensityRangePercentiles p) {
                Distribution d = img.distribution();
                img = img.map(Intensity.scale(d.percentile(p.lower()), d.percentile(p.upper()), p.bMin(), p.bMax(),
                        p.clip()));
            } else if (step instanceof ScaleIntensityRange r) {
                img = img.map(Intensity.scale(r.aMin(), r.aMax(), r.bMin(), r.bMax(), r.clip()));
            } else if (step instanceof NormalizeIntensity n) {
                Distribution d = n.subtrahend().isEmpty() || n.divisor().isEmpty() ? img.distribution() : null;
                double sub = n.subtrahend().isPresent() ? n.subtrahend().getAsDouble() : d.mean();
                double div = n.divisor().isPresent() ? n.divisor().getAsDouble() : d.std();
                img = img.map(Intensity.normalize(sub, (float) div == 0 ? 1 : div));
            } else if (step instanceof RepeatChannel r) {
                channels *= r.repeats();
            } else if (step instanceof Resize r) {
                mapping = mappingFor(r, img.width(), img.height());
                AxisKernel kx = kernel(r, img.width(), mapping.padLeft(), mapping.padRight(), r.width());
                AxisKernel ky = kernel(r, img.height(), mapping.padTop(), mapping.padBottom(), r.height());
                img = new TensorImage.Dense(img.resample(kx, ky), r.width(), r.height());
            }
        }
        float[] plane = img.values();
        return new Result(plane, new TensorShape(1, channels, img.height(), img.width()), mapping);
    }

    /** The kernel along one axis; with padding it is built over the padded length and then unpadded. */
    private static AxisKernel kernel(Resize r, int length, int padBefore, int padAfter, int out) {
        AxisKernel k = r.mode().kernel(length + padBefore + padAfter, out, r.alignCorners());
        return padBefore + padAfter == 0 ? k : k.unpadded(padBefore, length);
    }

    static GridMapping mappingFor(Resize r, int width, int height) {
        int padLeft = 0;
        int padRight = 0;
        int padTop = 0;
        int padBottom = 0;
        if (r.aspect() == Resize.Aspect.PAD) {
            int side = Math.max(width, height);
            padLeft = (side - width) / 2;
            padRight = side - width - padLeft;
            padTop = (side - height) / 2;
            padBottom = side - height - padTop;
        }
        int sw = width + padLeft + padRight;
        int sh = height + padTop + padBottom;
        double scaleX;
        double scaleY;
        double offsetX;
        double offsetY;
        if (r.alignCorners()) {
            scaleX = r.width() > 1 ? (double) (sw - 1) / (r.width() - 1) : 0;
            scaleY = r.height() > 1 ? (double) (sh - 1) / (r.height() - 1) : 0;
            offsetX = -padLeft;
            offsetY = -padTop;
        } else {
            scaleX = (double) sw / r.width();
            scaleY = (double) sh / r.height();
            offsetX = scaleX / 2 - 0.5 - padLeft;
            offsetY = scaleY / 2 - 0.5 - padTop;
        }
        return new GridMapping(width, height, r.width(), r.height(), scaleX, offsetX, scaleY, offsetY, padLeft, padTop,
                padRight, padBottom);
    }
}
