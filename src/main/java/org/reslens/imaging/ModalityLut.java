package org.reslens.imaging;

import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;

/**
 * The Modality LUT stage (PS3.3 C.11.1): stored values to modality values (Hounsfield units for CT, "US" for
 * unspecified). Either a linear rescale or a table, never both.
 */
public sealed interface ModalityLut permits ModalityLut.Rescale, ModalityLut.Table {

    /** The modality value of a stored value. */
    double apply(long stored);

    /** Rescale Type or Modality LUT Type ("HU", "US", ...); empty when the file does not say. */
    String type();

    /** Stored values pass unchanged (slope 1, intercept 0). */
    static Rescale identity() {
        return new Rescale(1, 0, "");
    }

    /** A rescale with values the caller resolved itself (e.g. from a per-frame functional group). */
    static Rescale rescale(double slope, double intercept) {
        return new Rescale(slope, intercept, "");
    }

    /**
     * Reads the stage from one data set: the image, or the Pixel Value Transformation item of a functional group.
     * A Modality LUT Sequence wins over Rescale Slope/Intercept when a non-conforming file has both, since a table is
     * the more specific statement. Absent values mean the identity.
     *
     * @param signedStored whether stored values are signed (Pixel Representation 1): the LUT's first mapped value
     *                     is then read as signed
     */
    static ModalityLut read(Attributes ds, boolean signedStored) throws DicomException {
        return ModalityLutReader.read(ds, signedStored, BulkReader.NONE);
    }

    /** Modality value = slope * stored + intercept. */
    record Rescale(double slope, double intercept, String type) implements ModalityLut {
        public Rescale {
            if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
                throw new IllegalArgumentException("rescale slope and intercept must be finite");
            }
            type = type == null ? "" : type;
        }

        @Override
        public double apply(long stored) {
            return slope * stored + intercept;
        }

        public boolean isIdentity() {
            return slope == 1 && intercept == 0;
        }
    }

    /** Modality value = LUT entry of the stored value (inputs outside the table take its end entries). */
    record Table(LookupTable lut, String type) implements ModalityLut {
        public Table {
            type = type == null ? "" : type;
        }

        @Override
        public double apply(long stored) {
            return lut.lookup(stored);
        }
    }
}
