package org.reslens.dicom.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;

/** The Secondary Capture and the TID 1500 report, checked by our reader and by dcmtk. */
class ResultObjectsTest {
    static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    static final StudyIdentity STUDY = new StudyIdentity("DOE^JANE", "PID-1", "19700101", "F", "1.2.826.0.1.9.1",
            "20240102", "101500", "S1", "ACC1", null, "MR BRAIN", false);
    static final Algorithm MODEL = Algorithm.of("brain-lesion-demo", "0.1.0", "ResLens", "ab".repeat(32),
            "software demonstration and testing; not for clinical use");
    static final SourceImage SLICE_3 = new SourceImage("1.2.826.0.1.9.1", "1.2.826.0.1.9.2",
            "1.2.840.10008.5.1.4.1.1.4", "1.2.826.0.1.9.3.3", 0);
    static final SourceImage SLICE_4 = new SourceImage("1.2.826.0.1.9.1", "1.2.826.0.1.9.2",
            "1.2.840.10008.5.1.4.1.1.4", "1.2.826.0.1.9.3.4", 0);

    @TempDir
    Path tmp;

    private static byte[] gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 30);
                rgb[i + 1] = (byte) (y * 40);
                rgb[i + 2] = (byte) (255 - x * y);
            }
        }
        return rgb;
    }

    @Test
    void secondaryCaptureRendersInDcmtkPixelForPixel() throws Exception {
        byte[] rgb = gradient(7, 5);
        DataSet sc = SecondaryCapture.build(STUDY, ResultInstance.fresh(9001, WHEN), MODEL, 7, 5, rgb,
                List.of(SLICE_3), "Grad-CAM of lesion over slice 3");
        Path f = tmp.resolve("sc.dcm");
        DicomWriter.write(f, sc);
        Path ppm = tmp.resolve("sc.ppm");
        Tools.Result r = Tools.run("dcm2pnm", "--write-raw-pnm", f.toString(), ppm.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        byte[] pnm = Files.readAllBytes(ppm);
        // P6 header "P6\n7 5\n255\n" then the samples.
        byte[] samples = Arrays.copyOfRange(pnm, pnm.length - rgb.length, pnm.length);
        assertThat(new String(pnm, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("P6");
        assertThat(samples).isEqualTo(rgb);

        DicomFile df = DicomFile.open(f);
        PixelFrame frame = df.readFrame(0);
        assertThat(frame.bytes()).isEqualTo(rgb);
        Attributes ds = df.dataset();
        assertThat(ds.getString(Tags.StudyInstanceUID)).isEqualTo(STUDY.studyInstanceUid());
        assertThat(ds.getString(Tags.SeriesInstanceUID)).startsWith("2.25.");
        assertThat(ds.getSequence(0x00082112).get(0).getString(0x00081155)).isEqualTo(SLICE_3.sopInstanceUid());
        Attributes equipment = ds.getSequence(0x0018A001).get(0);
        assertThat(equipment.getString(0x00081090)).isEqualTo("brain-lesion-demo");
        assertThat(equipment.getString(0x00181002)).isEqualTo(MODEL.deviceUid());
        assertThat(equipment.getSequence(0x0040A170).get(0).getString(0x00080100)).isEqualTo("109102");
    }

    @Test
    void measurementReportParsesInDsrdumpWithTheScoreAndReferences() throws Exception {
        MeasurementReport.Finding finding = new MeasurementReport.Finding("lesion", 0.9321, 0.5, true,
                "maximum of the slice probabilities", List.of(new MeasurementReport.Evidence(SLICE_3, 0.9321),
                new MeasurementReport.Evidence(SLICE_4, 0.81)));
        DataSet sr = MeasurementReport.build(STUDY, ResultInstance.fresh(9002, WHEN), MODEL, finding);
        Path f = tmp.resolve("sr.dcm");
        DicomWriter.write(f, sr);
        Tools.Result r = Tools.run("dsrdump", "-Ee", "+Pu", "+Pi", f.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("E:").doesNotContain("W:");
        assertThat(r.stdout()).contains("Comprehensive SR Document").contains("Imaging Measurement Report")
                .contains("0.9321").contains("1.2.826.0.1.9.3.3").contains("Device Observer UID")
                .contains("At or above the screening threshold");
        Tools.Result dump = Tools.run("dcmdump", "-E", f.toString());
        assertThat(dump.exit()).as(dump.stderr()).isZero();
        assertThat(dump.stderr()).doesNotContain("E:").doesNotContain("W:");

        Attributes ds = DicomFile.open(f).dataset();
        Attributes evidence = ds.getSequence(0x0040A375).get(0);
        assertThat(evidence.getString(Tags.StudyInstanceUID)).isEqualTo(STUDY.studyInstanceUid());
        assertThat(evidence.getSequence(0x00081115).get(0).getSequence(0x00081199)).hasSize(2);
        assertThat(ds.getSequence(0x0040A504).get(0).getString(0x0040DB00)).isEqualTo("1500");
        assertThat(ds.getSequence(0x0018A001)).hasSize(1);
    }

    @Test
    void deidentifiedObjectsSayHowTheyWereDeidentified() throws Exception {
        Deidentifier deid = new Deidentifier(PseudonymKey.of(new byte[32]));
        StudyIdentity id = deid.identity("PID-1", "DOE^JANE", STUDY.studyInstanceUid());
        DataSet sc = SecondaryCapture.build(id, ResultInstance.fresh(9001, WHEN), MODEL, 2, 2, new byte[12],
                List.of(), "x");
        Attributes ds = DicomFile.parse(DicomWriter.encode(sc), "sc").dataset();
        assertThat(ds.getString(0x00120062)).isEqualTo("YES");
        assertThat(ds.getSequence(0x00120064).get(0).getString(0x00080100)).isEqualTo("113100");
        assertThat(ds.getString(Tags.PatientID)).startsWith("ANON-");
        assertThat(ds.getString(Tags.PatientBirthDate)).isNullOrEmpty();
        assertThat(ds.getString(Tags.StudyInstanceUID)).isNotEqualTo(STUDY.studyInstanceUid()).startsWith("2.25.");
    }
}
