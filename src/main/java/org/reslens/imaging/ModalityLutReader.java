package org.reslens.imaging;

import java.util.List;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.Tags;

/** Reads the Modality LUT stage of {@link ModalityLut#read}, with access to LUT data left in the file. */
final class ModalityLutReader {
    private ModalityLutReader() {
    }

    static ModalityLut read(Attributes ds, boolean signedStored, BulkReader bulk) throws DicomException {
        List<Attributes> seq = ds.getSequence(Tags.ModalityLUTSequence);
        if (!seq.isEmpty()) {
            Attributes item = seq.get(0);
            String type = item.getString(0x00283004, ""); // Modality LUT Type
            LookupTable lut = LookupTable.read(item, Tags.LUTDescriptor, Tags.LUTData, signedStored, "Modality",
                    item.getString(Tags.LUTExplanation, ""), bulk);
            return new ModalityLut.Table(lut, type);
        }
        double slope = number(ds, Tags.RescaleSlope, 1, "Rescale Slope");
        double intercept = number(ds, Tags.RescaleIntercept, 0, "Rescale Intercept");
        return new ModalityLut.Rescale(slope, intercept, ds.getString(Tags.RescaleType, ""));
    }

    private static double number(Attributes ds, int tag, double fallback, String what) throws DicomException {
        if (!ds.contains(tag) || ds.getStrings(tag).length == 0) {
            return fallback;
        }
        double[] v = ds.getDoubles(tag);
        if (v.length == 0 || !Double.isFinite(v[0])) {
            throw new DicomException(ErrorKind.MALFORMED, what + " '" + ds.getString(tag) + "' is not a number",
                    ds.itemOffset());
        }
        return v[0];
    }
}
