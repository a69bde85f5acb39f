package org.reslens.dicom.write;

/**
 * Tags the writers need beyond {@link org.reslens.dicom.Tags}, named by their PS3.6 keywords (values from PS3.6
 * table 6-1).
 */
final class WriteTags {
    static final int InstanceCreationDate = 0x00080012;
    static final int InstanceCreationTime = 0x00080013;
    static final int ConversionType = 0x00080064;
    static final int CodeValue = 0x00080100;
    static final int CodingSchemeDesignator = 0x00080102;
    static final int CodeMeaning = 0x00080104;
    static final int MappingResource = 0x00080105;
    static final int ManufacturerModelName = 0x00081090;
    static final int ReferencedPerformedProcedureStepSequence = 0x00081111;
    static final int ReferencedSeriesSequence = 0x00081115;
    static final int ReferencedSOPClassUID = 0x00081150;
    static final int ReferencedSOPInstanceUID = 0x00081155;
    static final int ReferencedFrameNumber = 0x00081160;
    static final int ReferencedSOPSequence = 0x00081199;
    static final int DerivationDescription = 0x00082111;
    static final int SourceImageSequence = 0x00082112;
    static final int PatientIdentityRemoved = 0x00120062;
    static final int DeidentificationMethod = 0x00120063;
    static final int DeidentificationMethodCodeSequence = 0x00120064;
    static final int DeviceUID = 0x00181002;
    static final int SoftwareVersions = 0x00181020;
    static final int ContributingEquipmentSequence = 0x0018A001;
    static final int ContributionDateTime = 0x0018A002;
    static final int ContributionDescription = 0x0018A003;
    static final int PatientOrientation = 0x00200020;
    static final int ImageComments = 0x00204000;
    static final int BurnedInAnnotation = 0x00280301;
    static final int LongitudinalTemporalInformationModified = 0x00280303;
    static final int LossyImageCompression = 0x00282110;
    static final int MeasurementUnitsCodeSequence = 0x004008EA;
    static final int RelationshipType = 0x0040A010;
    static final int ValueType = 0x0040A040;
    static final int ConceptNameCodeSequence = 0x0040A043;
    static final int ContinuityOfContent = 0x0040A050;
    static final int UID = 0x0040A124;
    static final int TextValue = 0x0040A160;
    static final int ConceptCodeSequence = 0x0040A168;
    static final int PurposeOfReferenceCodeSequence = 0x0040A170;
    static final int MeasuredValueSequence = 0x0040A300;
    static final int NumericValue = 0x0040A30A;
    static final int PerformedProcedureCodeSequence = 0x0040A372;
    static final int CurrentRequestedProcedureEvidenceSequence = 0x0040A375;
    static final int CompletionFlag = 0x0040A491;
    static final int VerificationFlag = 0x0040A493;
    static final int PreliminaryFlag = 0x0040A496;
    static final int ContentTemplateSequence = 0x0040A504;
    static final int TemplateIdentifier = 0x0040DB00;

    private WriteTags() {
    }
}
