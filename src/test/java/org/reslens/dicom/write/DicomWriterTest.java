package org.reslens.dicom.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Tags;
import org.reslens.dicom.TransferSyntax;
import org.reslens.dicom.VR;

class DicomWriterTest {
    @TempDir
    Path tmp;

    private static DataSet sample() {
        DataSet item = new DataSet().put(0x00080100, VR.SH, "126000").put(0x00080102, VR.SH, "DCM")
                .put(0x00080104, VR.LO, "Imaging Measurement Report");
        return new DataSet()
                .put(Tags.SOPInstanceUID, VR.UI, "1.2.3.4.5")
                .put(Tags.PatientName, VR.PN, "Müller^Jörg")
                .put(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .put(Tags.ImageType, VR.CS, "DERIVED", "SECONDARY")
                .putInt(Tags.Rows, VR.US, 512)
                .putDecimal(Tags.PixelSpacing, 0.4882812500001, 1e-20)
                .putSequence(0x0040A043, item)
                .putEmpty(Tags.PatientBirthDate, VR.DA)
                .putBytes(0x00420011, VR.OB, new byte[] {1, 2, 3});
    }

    @Test
    void writtenFileReadsBackWithOurReader() throws Exception {
        DicomFile df = DicomFile.parse(DicomWriter.encode(sample()), "sample");
        assertThat(df.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(df.fileMeta().getString(Tags.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.4.5");
        assertThat(df.fileMeta().getString(Tags.ImplementationClassUID))
                .isEqualTo(DicomWriter.IMPLEMENTATION_CLASS_UID);
        Attributes ds = df.dataset();
        assertThat(ds.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ds.getString(Tags.PatientName)).isEqualTo("Müller^Jörg");
        assertThat(ds.getStrings(Tags.ImageType)).containsExactly("DERIVED", "SECONDARY");
        assertThat(ds.getInt(Tags.Rows, 0)).isEqualTo(512);
        assertThat(ds.getDoubles(Tags.PixelSpacing)[0]).isCloseTo(0.48828125,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ds.getSequence(0x0040A043)).hasSize(1);
        assertThat(ds.getSequence(0x0040A043).get(0).getString(0x00080104)).isEqualTo("Imaging Measurement Report");
        assertThat(ds.contains(Tags.PatientBirthDate)).isTrue();
        assertThat(ds.getString(Tags.PatientBirthDate)).isNullOrEmpty();
    }

    @Test
    void elementsAreWrittenInAscendingTagOrderWhateverThePutOrder() throws Exception {
        Attributes ds = DicomFile.parse(DicomWriter.encode(sample()), "sample").dataset();
        int[] tags = ds.tags();
        int[] sorted = tags.clone();
        Arrays.sort(sorted);
        assertThat(tags).containsExactly(sorted);
    }

    @Test
    void oddLengthValuesArePaddedToEvenLength() {
        DataSet ds = new DataSet().put(Tags.SOPClassUID, VR.UI, "1.2.3").put(Tags.SOPInstanceUID, VR.UI, "1.2.34")
                .put(Tags.Modality, VR.CS, "OT");
        byte[] file = DicomWriter.encode(ds);
        assertThat(file.length % 2).isZero();
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("1.2.3\0").contains("UI\u0006\u00001.2.34");
    }

    @Test
    void dcmdumpParsesTheWrittenFileWithoutComplaint() throws Exception {
        Path f = tmp.resolve("sample.dcm");
        DicomWriter.write(f, sample());
        Tools.Result r = Tools.run("dcmdump", "-E", f.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("E:").doesNotContain("W:");
        assertThat(r.stdout()).contains("(0008,0005) CS [ISO_IR 192]").contains("Imaging Measurement Report");
    }

    @Test
    void invalidValuesAreRefusedWhenPut() {
        DataSet ds = new DataSet();
        assertThatThrownBy(() -> ds.put(Tags.SOPInstanceUID, VR.UI, "1.02.3")).hasMessageContaining("UI");
        assertThatThrownBy(() -> ds.put(Tags.Modality, VR.CS, "mr")).hasMessageContaining("CS");
        assertThatThrownBy(() -> ds.put(Tags.StudyDate, VR.DA, "20241301")).hasMessageContaining("DA");
        assertThatThrownBy(() -> ds.put(Tags.SliceThickness, VR.DS, "12345678901234567")).hasMessageContaining("16");
        assertThatThrownBy(() -> ds.put(Tags.PatientID, VR.LO, "A\\B")).hasMessageContaining("backslash");
        assertThatThrownBy(() -> ds.put(Tags.StudyInstanceUID, VR.UI, "1.2.ä")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.putInt(Tags.Rows, VR.US, 70000)).hasMessageContaining("US");
        assertThatThrownBy(() -> ds.put(Tags.TransferSyntaxUID, VR.UI, "1.2")).hasMessageContaining("Meta");
        assertThatThrownBy(() -> ds.put(0x00080000, VR.UL, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ds.isEmpty()).isTrue();
    }

    @Test
    void decimalStringsFitSixteenCharacters() {
        for (double v : new double[] {0.1 + 0.2, 1e-20, -123456789.123456789, 6.02214076e23, 0.999999999999999}) {
            String s = ValueRules.decimal(v);
            assertThat(s.length()).as(s).isLessThanOrEqualTo(16);
            assertThat(Double.parseDouble(s)).isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
    }

    @Test
    void atomicWriteLeavesOnlyTheTarget() throws Exception {
        Path f = tmp.resolve("a.dcm");
        DicomWriter.write(f, sample());
        DicomWriter.write(f, sample());
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("a.dcm"));
        }
    }
}
