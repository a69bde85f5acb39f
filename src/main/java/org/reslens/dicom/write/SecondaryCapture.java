package org.reslens.dicom.write;

import java.util.ArrayList;
import java.util.List;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/**
 * A Secondary Capture Image (PS3.3 A.8.1) of an 8-bit RGB rendering, e.g. a key image with a heatmap drawn in: the
 * fallback any PACS viewer can show when it cannot show a Parametric Map. It belongs to the source study (same Study
 * Instance UID) in a new series, names the images it was derived from in the Source Image Sequence and the algorithm
 * in the Contributing Equipment Sequence.
 */
public final class SecondaryCapture {
    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.7";

    private SecondaryCapture() {
    }

    /**
     * @param rgb         {@code width * height * 3} bytes, row-major, R G B interleaved
     * @param sources     the images it was derived from
     * @param description what the image shows (Derivation Description and Image Comments)
     */
    public static DataSet build(StudyIdentity study, ResultInstance instance, Algorithm algorithm, int width,
                                int height, byte[] rgb, List<SourceImage> sources, String description) {
        if (width < 1 || height < 1 || width > 0xFFFF || height > 0xFFFF) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " does not fit Rows/Columns");
        }
        if (rgb == null || rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("RGB data must hold width x height x 3 bytes");
        }
        DataSet ds = new DataSet();
        Modules.patientAndStudy(ds, study);
        Modules.seriesEquipmentSop(ds, SOP_CLASS_UID, "OT", instance, "AI result: " + algorithm.name(), algorithm);
        Modules.contributingEquipment(ds, algorithm, instance.created(), description);
        ds.put(WriteTags.ConversionType, VR.CS, "WSD");
        ds.put(Tags.ImageType, VR.CS, "DERIVED", "SECONDARY");
        ds.putEmpty(WriteTags.PatientOrientation, VR.CS);
        ds.put(WriteTags.DerivationDescription, VR.ST, Modules.clip(description, 1024));
        ds.put(WriteTags.ImageComments, VR.LT, Modules.clip(description, 10240));
        List<DataSet> refs = new ArrayList<>();
        for (SourceImage s : sources) {
            refs.add(Modules.sopReference(s));
        }
        if (!refs.isEmpty()) {
            ds.putSequence(WriteTags.SourceImageSequence, refs);
        }
        ds.put(WriteTags.BurnedInAnnotation, VR.CS, "NO");
        ds.put(WriteTags.LossyImageCompression, VR.CS, "00");
        ds.putInt(Tags.SamplesPerPixel, VR.US, 3);
        ds.put(Tags.PhotometricInterpretation, VR.CS, "RGB");
        ds.putInt(Tags.PlanarConfiguration, VR.US, 0);
        ds.putInt(Tags.Rows, VR.US, height);
        ds.putInt(Tags.Columns, VR.US, width);
        ds.putInt(Tags.BitsAllocated, VR.US, 8);
        ds.putInt(Tags.BitsStored, VR.US, 8);
        ds.putInt(Tags.HighBit, VR.US, 7);
        ds.putInt(Tags.PixelRepresentation, VR.US, 0);
        ds.putBytes(Tags.PixelData, VR.OB, rgb);
        return ds;
    }
}
