package org.reslens.dicom.write;

import org.reslens.dicom.VR;

/**
 * A coded concept (PS3.3 8.8): value, coding scheme and meaning, e.g. {@code (126000, DCM, "Imaging Measurement
 * Report")}. Schemes starting with "99" are local (PS3.16 8.2); ResLens's own concepts use {@code 99RESLENS}.
 */
public record Code(String value, String scheme, String meaning) {
    public Code {
        if (value == null || value.isEmpty() || value.length() > 16) {
            throw new IllegalArgumentException("code value must have 1..16 characters: " + value);
        }
        if (scheme == null || scheme.isEmpty() || scheme.length() > 16) {
            throw new IllegalArgumentException("coding scheme designator must have 1..16 characters: " + scheme);
        }
        if (meaning == null || meaning.isEmpty() || meaning.length() > 64) {
            throw new IllegalArgumentException("code meaning must have 1..64 characters: " + meaning);
        }
    }

    public static Code dcm(String value, String meaning) {
        return new Code(value, "DCM", meaning);
    }

    /** The code as a sequence item. */
    public DataSet toItem() {
        return new DataSet().put(WriteTags.CodeValue, VR.SH, value).put(WriteTags.CodingSchemeDesignator, VR.SH, scheme)
                .put(WriteTags.CodeMeaning, VR.LO, meaning);
    }
}
