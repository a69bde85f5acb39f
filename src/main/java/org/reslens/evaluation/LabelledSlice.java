package org.reslens.evaluation;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a labelled list: the DICOM file (and frame), whether it shows the finding the model explains, and for
 * lesion slices the mask and the lesion's nominal diameter and contrast, which place it in the size and contrast
 * bands.
 *
 * @param line        1-based line of the list, for reports
 * @param listed      the path as the list gives it (relative to the list's folder), for reports
 * @param file        the path resolved against the list's folder
 * @param lesion      true for label 1
 * @param mask        8-bit grayscale PNG of the slice's size, non-zero inside the lesion
 * @param diameterMm  nominal 3-D lesion diameter (the size bands)
 * @param contrast    lesion contrast against the surrounding tissue, as a fraction (the contrast bands)
 */
public record LabelledSlice(int line, String listed, Path file, int frame, boolean lesion, Optional<Path> mask,
                           OptionalDouble diameterMm, OptionalDouble contrast) {
    public LabelledSlice {
        if (line < 1 || listed == null || file == null || frame < 0 || mask == null || diameterMm == null
                || contrast == null) {
            throw new IllegalArgumentException("labelled slice needs a line, a file, a frame >= 0 and Optionals");
        }
    }
}
