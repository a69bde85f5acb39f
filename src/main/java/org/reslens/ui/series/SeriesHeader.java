package org.reslens.ui.series;

import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Tags;

/**
 * Header details of a stack that the study index does not keep but a reader wants on screen or a model needs: read
 * once from the stack's first slice when a viewport opens it.
 *
 * @param frameOfReferenceUid null when absent (projection images); stacks sharing one scroll together
 */
public record SeriesHeader(String frameOfReferenceUid, String bodyPartExamined, String patientBirthDate,
                           String patientSex, String institutionName) {
    public static final SeriesHeader NONE = new SeriesHeader(null, null, null, null, null);

    public static SeriesHeader read(StackRef ref) throws DicomException {
        DicomFile df = ref.slice(0).location().open();
        return of(df.dataset());
    }

    public static SeriesHeader of(Attributes ds) {
        return new SeriesHeader(blankToNull(ds.getString(Tags.FrameOfReferenceUID)),
                blankToNull(ds.getString(Tags.BodyPartExamined)), blankToNull(ds.getString(Tags.PatientBirthDate)),
                blankToNull(ds.getString(Tags.PatientSex)), blankToNull(ds.getString(Tags.InstitutionName)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
