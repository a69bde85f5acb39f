package org.reslens.dicom.write;

/**
 * The patient and study a written object belongs to, exactly as it is to be written: the source's values, or their
 * de-identified replacements ({@link Deidentifier#identity}). Absent values are null and are written as empty Type 2
 * attributes.
 *
 * @param identityRemoved the values were de-identified: the object then says so (Patient Identity Removed YES, the
 *                        de-identification method and its code, PS3.15 E.1.1)
 */
public record StudyIdentity(String patientName, String patientId, String patientBirthDate, String patientSex,
                            String studyInstanceUid, String studyDate, String studyTime, String studyId,
                            String accessionNumber, String referringPhysicianName, String studyDescription,
                            boolean identityRemoved) {
    public StudyIdentity {
        if (!Uids.isValid(studyInstanceUid)) {
            throw new IllegalArgumentException("a valid Study Instance UID is required: " + studyInstanceUid);
        }
    }
}
