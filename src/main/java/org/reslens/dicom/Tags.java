package org.reslens.dicom;

/**
 * Tag numbers of the attributes the viewer reads by name, and tag formatting. A tag is the int
 * {@code (group << 16) | element}. The constants carry the PS3.6 keyword as their name (not Java's UPPER_CASE) so a
 * reader can search for them in the standard; DataDictionaryTest checks every value against the dictionary.
 */
public final class Tags {
    // File meta information (group 0002)
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;

    // DICOMDIR (group 0004)
    public static final int FileSetID = 0x00041130;
    public static final int OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0x00041200;
    public static final int OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0x00041202;
    public static final int DirectoryRecordSequence = 0x00041220;
    public static final int OffsetOfTheNextDirectoryRecord = 0x00041400;
    public static final int OffsetOfReferencedLowerLevelDirectoryEntity = 0x00041420;
    public static final int DirectoryRecordType = 0x00041430;
    public static final int ReferencedFileID = 0x00041500;
    public static final int ReferencedSOPClassUIDInFile = 0x00041510;
    public static final int ReferencedSOPInstanceUIDInFile = 0x00041511;
    public static final int ReferencedTransferSyntaxUIDInFile = 0x00041512;

    // Identification, dates and descriptions
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int ImageType = 0x00080008;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int AcquisitionDate = 0x00080022;
    public static final int ContentDate = 0x00080023;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int AcquisitionTime = 0x00080032;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int Modality = 0x00080060;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int StudyDescription = 0x00081030;
    public static final int SeriesDescription = 0x0008103E;

    // Patient
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int PatientAge = 0x00101010;

    // Acquisition
    public static final int BodyPartExamined = 0x00180015;
    public static final int SliceThickness = 0x00180050;
    public static final int RepetitionTime = 0x00180080;
    public static final int EchoTime = 0x00180081;
    public static final int EchoNumbers = 0x00180086;
    public static final int SpacingBetweenSlices = 0x00180088;
    public static final int ProtocolName = 0x00181030;
    public static final int ImagerPixelSpacing = 0x00181164;

    // Study, series and image plane
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int AcquisitionNumber = 0x00200012;
    public static final int InstanceNumber = 0x00200013;
    public static final int ImagePositionPatient = 0x00200032;
    public static final int ImageOrientationPatient = 0x00200037;
    public static final int FrameOfReferenceUID = 0x00200052;
    public static final int SliceLocation = 0x00201041;

    // Image pixel description
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int PixelSpacing = 0x00280030;
    public static final int PixelAspectRatio = 0x00280034;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;
    public static final int SmallestImagePixelValue = 0x00280106;
    public static final int LargestImagePixelValue = 0x00280107;
    public static final int PixelPaddingValue = 0x00280120;

    // Modality, VOI and presentation LUTs
    public static final int WindowCenter = 0x00281050;
    public static final int WindowWidth = 0x00281051;
    public static final int RescaleIntercept = 0x00281052;
    public static final int RescaleSlope = 0x00281053;
    public static final int RescaleType = 0x00281054;
    public static final int WindowCenterWidthExplanation = 0x00281055;
    public static final int VOILUTFunction = 0x00281056;
    public static final int ModalityLUTSequence = 0x00283000;
    public static final int LUTDescriptor = 0x00283002;
    public static final int LUTExplanation = 0x00283003;
    public static final int LUTData = 0x00283006;
    public static final int VOILUTSequence = 0x00283010;
    public static final int PresentationLUTShape = 0x20500020;

    // Palette colour
    public static final int RedPaletteColorLookupTableDescriptor = 0x00281101;
    public static final int GreenPaletteColorLookupTableDescriptor = 0x00281102;
    public static final int BluePaletteColorLookupTableDescriptor = 0x00281103;
    public static final int RedPaletteColorLookupTableData = 0x00281201;
    public static final int GreenPaletteColorLookupTableData = 0x00281202;
    public static final int BluePaletteColorLookupTableData = 0x00281203;
    public static final int SegmentedRedPaletteColorLookupTableData = 0x00281221;
    public static final int SegmentedGreenPaletteColorLookupTableData = 0x00281222;
    public static final int SegmentedBluePaletteColorLookupTableData = 0x00281223;

    // Multi-frame functional groups and structured reports
    public static final int PlanePositionSequence = 0x00209113;
    public static final int PlaneOrientationSequence = 0x00209116;
    public static final int PixelMeasuresSequence = 0x00289110;
    public static final int FrameVOILUTSequence = 0x00289132;
    public static final int PixelValueTransformationSequence = 0x00289145;
    public static final int ContentSequence = 0x0040A730;
    public static final int SharedFunctionalGroupsSequence = 0x52009229;
    public static final int PerFrameFunctionalGroupsSequence = 0x52009230;

    // Pixel data (group 7FE0)
    public static final int ExtendedOffsetTable = 0x7FE00001;
    public static final int ExtendedOffsetTableLengths = 0x7FE00002;
    public static final int FloatPixelData = 0x7FE00008;
    public static final int DoubleFloatPixelData = 0x7FE00009;
    public static final int PixelData = 0x7FE00010;

    // Items and delimiters (group FFFE), which have no VR
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    /** Alias of {@link #Item}, for code that reads better with a noun that says it is a tag. */
    public static final int ItemTag = Item;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Tags() {
    }

    /** "(gggg,eeee)" in upper-case hex, the way PS3.6 and dcmdump write tags. */
    public static String tagString(int tag) {
        char[] text = new char[11];
        text[0] = '(';
        text[5] = ',';
        text[10] = ')';
        for (int digit = 0; digit < 8; digit++) {
            int nibble = (tag >>> (28 - 4 * digit)) & 0xF;
            text[digit < 4 ? 1 + digit : 2 + digit] = HEX[nibble];
        }
        return new String(text);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private data elements live in odd groups (PS3.5 7.8). */
    public static boolean isPrivate(int tag) {
        return (tag & 0x00010000) != 0;
    }

    /** A private creator reserves a block of 256 elements: (gggg,0010) to (gggg,00FF) with gggg odd (PS3.5 7.8.1). */
    public static boolean isPrivateCreator(int tag) {
        int element = tag & 0xFFFF;
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** (gggg,0000): the retired group length, UL in every group. */
    public static boolean isGroupLength(int tag) {
        return (tag & 0xFFFF) == 0;
    }
}
