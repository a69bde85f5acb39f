package org.reslens.screening;

import java.io.IOException;
import java.util.Optional;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.write.AtomicFiles;
import org.reslens.explain.CamMap;
import org.reslens.explain.ExplainException;
import org.reslens.explain.GradCam;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.explain.Overlay;
import org.reslens.explain.OverlayStyle;
import org.reslens.explain.PngWriter;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.GrayBuffer;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.Interpolation;
import org.reslens.imaging.RenderPlan;
import org.reslens.imaging.ViewOverrides;
import org.reslens.study.Slice;

/**
 * Renders a study's top slice the way the viewer shows it (the file's default window, else the automatic one) and
 * draws its Grad-CAM heatmap on top, from the feature map kept when the slice was scored (no second model run).
 * The heatmap is normalised per image and drawn only when the slice's probability reaches the threshold, since
 * per-image normalisation would otherwise paint a hot spot on every normal slice. Writes full-size PNGs and
 * thumbnails.
 */
final class KeyImages {
    /** Longest side of a thumbnail in report.html. */
    static final int THUMBNAIL = 256;

    /** A rendered key image: the blended RGB for a Secondary Capture and the data set for references. */
    record Rendered(KeyImage files, ArgbBuffer overlay, Attributes dataset) {
    }

    private final OutputFolder out;
    private final OverlayStyle style;
    private final Optional<GradCam> gradCam;
    private final String noGradCamReason;
    private final int explainedClass;

    KeyImages(OutputFolder out, OverlayStyle style, Optional<GradCam> gradCam, String noGradCamReason,
              int explainedClass) {
        this.out = out;
        this.style = style;
        this.gradCam = gradCam;
        this.noGradCamReason = noGradCamReason;
        this.explainedClass = explainedClass;
    }

    /** A key image that must not leave: its pixels carry identifying text that de-identification cannot remove. */
    static final class NotExportable extends Exception {
        private static final long serialVersionUID = 1L;

        NotExportable(String message) {
            super(message);
        }
    }

    /**
     * Reads the slice again, renders it and writes {@code keyimages/<stem>_*.png}.
     *
     * @param deidentifying refuse a slice whose Burned In Annotation is YES: the basic profile does not clean pixels
     */
    Rendered render(TopSlices.Scored top, String stem, boolean deidentifying)
            throws DicomException, ExplainException, IOException, NotExportable {
        Slice slice = top.slice();
        DicomFile df = slice.location().open();
        if (deidentifying && "YES".equalsIgnoreCase(df.dataset().getString(0x00280301, "").trim())) {
            throw new NotExportable("the slice declares Burned In Annotation YES, which de-identification cannot"
                    + " remove: no key image or Secondary Capture is written for it");
        }
        PixelFrame frame = df.readFrame(slice.frameIndex());
        ImageTransforms transforms = ImageTransforms.read(df, slice.frameIndex());
        DisplayBuffer shown = RenderPlan.resolve(transforms, frame, ViewOverrides.NONE).render(frame);
        ArgbBuffer plain = shown instanceof GrayBuffer g ? g.toArgb() : (ArgbBuffer) shown;

        Optional<ArgbBuffer> layer = Optional.empty();
        String note;
        if (gradCam.isEmpty()) {
            note = "no heatmap: " + noGradCamReason;
        } else if (top.features() == null) {
            note = "no heatmap: the model returned no feature map";
        } else if (!(top.probability() >= style.probabilityThreshold())) {
            // Overlay.render would draw nothing: spare the map, its resize and the second pair of PNGs.
            note = "no heatmap: probability " + Decimals.fixed(top.probability(), 3) + " is below the threshold "
                    + style.probabilityThreshold();
        } else {
            CamMap cam = gradCam.get().cam(top.features(), explainedClass);
            Heatmap heat = GradCam.heatmap(cam, Normalisation.perImage(), top.mapping().tensorWidth(),
                    top.mapping().tensorHeight());
            layer = Overlay.render(heat, top.probability(), top.mapping(), style);
            note = cam.isEmpty() ? "the model found no evidence for the class on this slice (empty map)" : null;
        }

        String dir = OutputFolder.KEY_IMAGES + "/";
        String plainFile = dir + stem + "_key.png";
        write(plainFile, plain);
        String plainThumb = thumbnailOf(plainFile, plain, dir + stem + "_key_thumb.png");
        ArgbBuffer blended = plain;
        KeyImage files;
        if (layer.isPresent()) {
            blended = Overlay.blend(plain, layer.get());
            String overlayFile = dir + stem + "_heatmap.png";
            write(overlayFile, blended);
            files = new KeyImage(plainFile, overlayFile, plainThumb, thumbnailOf(overlayFile, blended,
                    dir + stem + "_heatmap_thumb.png"), true, note);
        } else {
            // Nothing drawn: the "with heatmap" image is the slice itself, so the same files serve both.
            files = new KeyImage(plainFile, plainFile, plainThumb, plainThumb, false, note);
        }
        return new Rendered(files, blended, df.dataset());
    }

    /**
     * Key images are written atomically but not forced to disk: a killed run never leaves half a PNG, and a study
     * whose images a power loss took is one {@code --resume} cannot tell apart from a done one, which the journal
     * (not forced either) makes unlikely to matter.
     */
    private void write(String relative, ArgbBuffer image) throws IOException {
        AtomicFiles.write(out.resolve(relative), PngWriter.encode(image), false);
    }

    /** The thumbnail's file: the full image's own when it is small enough already, else a new one. */
    private String thumbnailOf(String full, ArgbBuffer image, String thumbName) throws IOException {
        ArgbBuffer t = thumbnail(image);
        if (t == image) {
            return full;
        }
        write(thumbName, t);
        return thumbName;
    }

    /** Fits the longest side to {@link #THUMBNAIL} (area averaging); small images stay as they are. */
    static ArgbBuffer thumbnail(ArgbBuffer image) {
        int w = image.width();
        int h = image.height();
        int longest = Math.max(w, h);
        if (longest <= THUMBNAIL) {
            return image;
        }
        double s = (double) THUMBNAIL / longest;
        return image.resize(Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s)),
                Interpolation.AREA);
    }
}
