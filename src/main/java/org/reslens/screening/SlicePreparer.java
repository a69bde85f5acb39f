package org.reslens.screening;

import java.util.List;
import java.util.Locale;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorBuilder;
import org.reslens.inference.Acceptance;
import org.reslens.inference.InferenceException;
import org.reslens.study.Slice;

/**
 * What the workers do: decide whether the model may see a stack, and read, decode and preprocess one slice into the
 * model's input with the same {@link TensorBuilder} the viewer uses (same pipeline, same numbers). A problem with a
 * slice becomes a {@link Failure}, never an exception.
 */
final class SlicePreparer {
    private final TensorBuilder builder;
    private final Acceptance accepts;
    private final Identity identity;

    SlicePreparer(TensorBuilder builder, Acceptance accepts, Identity identity) {
        this.builder = builder;
        this.accepts = accepts;
        this.identity = identity;
    }

    /**
     * Why the model must not see this stack, or null when it may: a localizer, a modality or body part the model
     * does not accept, colour pixels. Reads the first slice's header for Body Part Examined and the pixel format.
     */
    String skipReason(StackJob job) {
        if (job.stack.localizer()) {
            return "localizer";
        }
        String bodyPart = null;
        ImagePixel pixels = null;
        try {
            DicomFile first = job.stack.slices().get(0).location().open();
            bodyPart = first.dataset().getString(Tags.BodyPartExamined);
            pixels = first.imagePixel();
        } catch (DicomException | RuntimeException e) {
            // The slices will fail one by one with the reason; the stack is not skipped for it.
        }
        try {
            List<String> notes = accepts.check(job.series.modality(), bodyPart);
            job.accepted(bodyPart == null ? null : bodyPart.trim(), notes);
        } catch (InferenceException e) {
            return e.getMessage();
        }
        if (pixels != null && (pixels.samplesPerPixel() != 1 || !pixels.photometric().isMonochrome())) {
            return "colour images (" + pixels.photometric().term() + "): the model takes grayscale slices";
        }
        return null;
    }

    Prepared prepare(StackJob job, int index) {
        long t0 = System.nanoTime();
        Slice slice = job.stack.slices().get(index);
        String stage = "read";
        try {
            DicomFile df = job.stack.multiFrame() ? job.sharedFile(slice.location()) : slice.location().open();
            PixelFrame frame = df.readFrame(slice.frameIndex());
            stage = "prepare";
            ImageTransforms transforms = ImageTransforms.read(df, slice.frameIndex());
            ModelInput input = builder.build(frame, transforms.modality());
            return new Prepared(job, index, input, df.sopClassUid(), System.nanoTime() - t0, null);
        } catch (DicomException e) {
            return failed(job, index, slice, stage, e.kind().name(), e.detailMessage(), t0);
        } catch (ImagingException e) {
            return failed(job, index, slice, "prepare", e.reason().name(), e.getMessage(), t0);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // A reader or pipeline bug, or a frame too large for the heap, costs this slice only.
            return failed(job, index, slice, stage, "MALFORMED", "unexpected " + e.getClass().getSimpleName() + ": "
                    + e.getMessage(), t0);
        }
    }

    /** A slice that failed outside {@link #prepare}'s own handling. */
    Prepared failure(StackJob job, int index, String stage, String kind, String message) {
        return failed(job, index, job.stack.slices().get(index), stage, kind, message, System.nanoTime());
    }

    private Prepared failed(StackJob job, int index, Slice slice, String stage, String kind, String message,
                            long t0) {
        String where = job.stack.multiFrame() ? String.format(Locale.ROOT, " (frame %d)", slice.frameNumber()) : "";
        Failure f = new Failure(identity.location(slice.location()),
                identity.uid(job.study.study.studyInstanceUid()), stage, kind, identity.scrub(message) + where);
        return new Prepared(job, index, null, null, System.nanoTime() - t0, f);
    }
}
