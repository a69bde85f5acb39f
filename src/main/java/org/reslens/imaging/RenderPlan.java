package org.reslens.imaging;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/**
 * How to turn frames of one image into display pixels, resolved once from the file's transforms and the user's
 * overrides into an immutable object: grayscale through one precomputed {@link DisplayLut}, palette colour through
 * its tables, true colour passed through. Render as many frames of the same format as needed.
 */
public sealed interface RenderPlan permits RenderPlan.Grayscale, RenderPlan.Palette, RenderPlan.Colour {

    DisplayBuffer render(PixelFrame frame);

    /**
     * Picks the plan for a frame. For grayscale, the VOI is the user's, else the file's default preset, else the
     * {@link AutoWindow} of this frame; inversion is the presentation shape's, flipped by the user's toggle.
     */
    static RenderPlan resolve(ImageTransforms transforms, PixelFrame frame, ViewOverrides overrides)
            throws DicomException {
        Photometric p = frame.photometric();
        if (p.isMonochrome()) {
            if (frame.samplesPerPixel() != 1) {
                throw new DicomException(ErrorKind.MALFORMED, p.term() + " frame with " + frame.samplesPerPixel()
                        + " samples per pixel", -1);
            }
            VoiLut voi = overrides.voi().or(transforms::defaultVoi)
                    .orElseGet(() -> AutoWindow.compute(frame, transforms.modality(), transforms.padding()));
            boolean inverted = transforms.presentation().inverts() ^ overrides.invert();
            return new Grayscale(DisplayLut.forFrame(frame, transforms.modality(), voi, inverted));
        }
        if (frame.samplesPerPixel() != p.samplesPerPixel()) {
            throw new DicomException(ErrorKind.MALFORMED, p.term() + " frame with " + frame.samplesPerPixel()
                    + " samples per pixel", -1);
        }
        if (p == Photometric.PALETTE_COLOR) {
            PaletteLut palette = transforms.palette().orElseThrow(() ->
                    new DicomException(ErrorKind.MALFORMED, "PALETTE COLOR frame without palette tables", -1));
            return new Palette(palette, overrides.invert());
        }
        return new Colour(overrides.invert());
    }

    /** Grayscale through one LUT into an 8-bit buffer. */
    record Grayscale(DisplayLut lut) implements RenderPlan {
        @Override
        public GrayBuffer render(PixelFrame frame) {
            return lut.renderGray(frame);
        }
    }

    /** Palette colour into ARGB; the user's invert applies to the colours. */
    record Palette(PaletteLut palette, boolean inverted) implements RenderPlan {
        @Override
        public ArgbBuffer render(PixelFrame frame) {
            ArgbBuffer b = palette.render(frame);
            return inverted ? b.invert() : b;
        }
    }

    /** True colour (RGB, YBR) into ARGB without windowing; the user's invert applies to the colours. */
    record Colour(boolean inverted) implements RenderPlan {
        @Override
        public ArgbBuffer render(PixelFrame frame) {
            ArgbBuffer b = ColourConversion.toArgb(frame);
            return inverted ? b.invert() : b;
        }
    }
}
