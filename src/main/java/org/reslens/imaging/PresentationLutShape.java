package org.reslens.imaging;

import org.reslens.dicom.Attributes;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.Tags;

/**
 * Presentation LUT Shape (2050,0020): whether the VOI output is shown as is or inverted (the minimum white).
 */
public enum PresentationLutShape {
    IDENTITY(false),
    INVERSE(true);

    private final boolean inverts;

    PresentationLutShape(boolean inverts) {
        this.inverts = inverts;
    }

    public boolean inverts() {
        return inverts;
    }

    /**
     * The shape an image asks for. An explicit Presentation LUT Shape in the image wins (DX and MG images state
     * INVERSE together with MONOCHROME1, so this never inverts twice); without one, MONOCHROME1 means INVERSE.
     */
    public static PresentationLutShape resolve(Attributes ds, Photometric photometric) {
        String s = ds.getString(Tags.PresentationLUTShape);
        if (s != null) {
            if (s.strip().equals("INVERSE")) {
                return INVERSE;
            }
            if (s.strip().equals("IDENTITY")) {
                return IDENTITY;
            }
        }
        return photometric.inverts() ? INVERSE : IDENTITY;
    }
}
