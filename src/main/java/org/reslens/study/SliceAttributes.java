package org.reslens.study;

import java.util.List;

/**
 * What a viewer and a model need to know about one slice before reading its pixels: where it lies, how its stored
 * values become modality values, and the windows the modality proposed. For single-frame images it comes from the
 * data set; for enhanced multi-frame images from the frame's Per-Frame Functional Groups, else the Shared ones, else
 * the top level (PS3.3 C.7.6.16).
 *
 * @param position       Image Position (Patient) of the first transmitted pixel, null when unknown
 * @param orientation    Image Orientation (Patient), null when unknown
 * @param pixelSpacing   null when unknown
 * @param sliceThickness millimetres, null when unknown
 * @param rescale        the modality transformation; {@link Rescale#IDENTITY} when the file has none
 * @param windows        window presets in file order, possibly empty
 * @param voiLutFunction VOI LUT Function (LINEAR, LINEAR_EXACT, SIGMOID), null when absent (meaning LINEAR)
 */
public record SliceAttributes(Vector3 position, Orientation orientation, PixelSpacing pixelSpacing,
                              Double sliceThickness, Rescale rescale, List<VoiWindow> windows,
                              String voiLutFunction) {
    public SliceAttributes {
        if (rescale == null) {
            throw new IllegalArgumentException("rescale is required (Rescale.IDENTITY when absent)");
        }
        windows = List.copyOf(windows);
    }
}
