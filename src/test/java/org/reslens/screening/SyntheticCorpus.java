package org.reslens.screening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;
import org.reslens.dicom.write.DataSet;
import org.reslens.dicom.write.DicomWriter;
import org.reslens.dicom.write.Uids;

/**
 * Generates corpora of any size for the screening tests and the benchmark: 64 x 64 unsigned 16-bit MR slices drawn
 * like the committed fixtures (src/test/fixtures/screening/make_screening_fixtures.py: a noisy ellipse with a brighter
 * rim, a bright disc in lesion slices), written with ResLens's own DICOM writer (Explicit VR Little Endian), plus, on
 * request, files the screening must report and go past: truncated files, text files, objects without pixels, and
 * CT studies the model does not accept. Deterministic for a seed.
 */
public final class SyntheticCorpus {
    static final int SIZE = 64;
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    /** A written study and the identifiers it carries. */
    public record StudyInfo(String patientName, String patientId, String birthDate, String accession, String studyUid,
                     String seriesUid, List<String> sopUids, boolean lesion, String modality) {
    }

    private SyntheticCorpus() {
    }

    /**
     * Writes {@code studies} MR studies of {@code slices} slices each into {@code root/study-NNNNN/}; every second
     * study (0, 2, 4, ...) has a lesion on its middle slices.
     */
    public static List<StudyInfo> writeMr(Path root, int studies, int slices, long seed) throws IOException {
        Random rng = new Random(seed);
        List<StudyInfo> out = new ArrayList<>();
        for (int s = 0; s < studies; s++) {
            boolean lesion = s % 2 == 0;
            Path dir = root.resolve(String.format(Locale.ROOT, "study-%05d", s));
            Files.createDirectories(dir);
            String name = String.format(Locale.ROOT, "SYNTHETIC^PATIENT%05d", s);
            String id = String.format(Locale.ROOT, "SYN-%05d-%d", s, seed);
            String birth = String.format(Locale.ROOT, "19%02d%02d%02d", 30 + s % 60, 1 + s % 12, 1 + s % 28);
            String accession = String.format(Locale.ROOT, "SYNACC%07d", s);
            String study = Uids.derived("synthetic/" + seed + "/study/" + s);
            String series = Uids.derived("synthetic/" + seed + "/series/" + s);
            double ly = SIZE / 2.0 + rng.nextDouble() * 16 - 8;
            double lx = SIZE / 2.0 + rng.nextDouble() * 12 - 6;
            List<String> sops = new ArrayList<>();
            for (int i = 1; i <= slices; i++) {
                String sop = Uids.derived("synthetic/" + seed + "/sop/" + s + "/" + i);
                sops.add(sop);
                boolean here = lesion && Math.abs(i - (slices + 1) / 2.0) <= Math.max(1, slices / 6.0);
                short[] px = headSlice(rng, here ? new double[] {ly, lx, 5.5} : null, 500);
                DataSet ds = image(MR, "MR", name, id, birth, accession, study, series, sop, i, px, false);
                ds.put(Tags.BodyPartExamined, VR.CS, "BRAIN");
                DicomWriter.write(dir.resolve(String.format(Locale.ROOT, "IM%05d.dcm", i)), ds);
            }
            out.add(new StudyInfo(name, id, birth, accession, study, series, sops, lesion, "MR"));
        }
        return out;
    }

    /** A CT study (signed, rescaled): a modality the fixture model refuses. */
    public static StudyInfo writeCt(Path dir, int slices, long seed) throws IOException {
        Random rng = new Random(seed);
        Files.createDirectories(dir);
        String study = Uids.derived("synthetic/" + seed + "/ct-study");
        String series = Uids.derived("synthetic/" + seed + "/ct-series");
        List<String> sops = new ArrayList<>();
        for (int i = 1; i <= slices; i++) {
            String sop = Uids.derived("synthetic/" + seed + "/ct-sop/" + i);
            sops.add(sop);
            DataSet ds = image(CT, "CT", "SYNTHETIC^CT", "SYN-CT-" + seed, "19550505", "SYNACCCT", study, series, sop,
                    i, headSlice(rng, null, 40), true);
            DicomWriter.write(dir.resolve("CT" + i + ".dcm"), ds);
        }
        return new StudyInfo("SYNTHETIC^CT", "SYN-CT-" + seed, "19550505", "SYNACCCT", study, series, sops, false,
                "CT");
    }

    /** Files that must land in errors.csv: a truncated image, a text file, a file of zeros. */
    public static void writeBroken(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        DataSet ds = image(MR, "MR", "SYNTHETIC^BROKEN", "SYN-BROKEN", "19600101", "SYNACCBR",
                Uids.derived("synthetic/" + seed + "/broken-study"), Uids.derived("synthetic/" + seed + "/broken-se"),
                Uids.derived("synthetic/" + seed + "/broken-sop"), 1, headSlice(new Random(seed), null, 500), false);
        byte[] whole = DicomWriter.encode(ds);
        Files.write(dir.resolve("truncated.dcm"), java.util.Arrays.copyOf(whole, whole.length - 2000));
        Files.writeString(dir.resolve("readme.txt"), "not DICOM\n");
        Files.write(dir.resolve("zeros.dcm"), new byte[4096]);
    }

    /** A Key Object Selection-like object without pixels in an existing study (a non-image object). */
    public static void writeNonImage(Path file, StudyInfo study) throws IOException {
        DataSet ds = new DataSet()
                .put(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.59")
                .put(Tags.SOPInstanceUID, VR.UI, Uids.derived("synthetic/ko/" + study.studyUid()))
                .put(Tags.Modality, VR.CS, "KO")
                .put(Tags.PatientName, VR.PN, study.patientName())
                .put(Tags.PatientID, VR.LO, study.patientId())
                .put(Tags.StudyInstanceUID, VR.UI, study.studyUid())
                .put(Tags.SeriesInstanceUID, VR.UI, Uids.derived("synthetic/ko-series/" + study.studyUid()));
        DicomWriter.write(file, ds);
    }

    private static DataSet image(String sopClass, String modality, String name, String id, String birth,
                                 String accession, String study, String series, String sop, int instance,
                                 short[] pixels, boolean signedCt) {
        byte[] bytes = new byte[pixels.length * 2];
        for (int i = 0; i < pixels.length; i++) {
            int v = pixels[i];
            bytes[2 * i] = (byte) v;
            bytes[2 * i + 1] = (byte) (v >> 8);
        }
        DataSet ds = new DataSet()
                .put(Tags.SOPClassUID, VR.UI, sopClass).put(Tags.SOPInstanceUID, VR.UI, sop)
                .put(Tags.StudyDate, VR.DA, "20240301").put(Tags.StudyTime, VR.TM, "093000")
                .put(Tags.AccessionNumber, VR.SH, accession).put(Tags.Modality, VR.CS, modality)
                .put(Tags.StudyDescription, VR.LO, "SYNTHETIC " + modality + " " + id)
                .put(Tags.SeriesDescription, VR.LO, "AX SYNTHETIC")
                .put(Tags.PatientName, VR.PN, name).put(Tags.PatientID, VR.LO, id)
                .put(Tags.PatientBirthDate, VR.DA, birth).put(Tags.PatientSex, VR.CS, "O")
                .put(Tags.StudyInstanceUID, VR.UI, study).put(Tags.SeriesInstanceUID, VR.UI, series)
                .put(Tags.StudyID, VR.SH, "SID" + Math.abs(study.hashCode() % 100000))
                .put(Tags.SeriesNumber, VR.IS, "2").put(Tags.InstanceNumber, VR.IS, Integer.toString(instance))
                .putDecimal(Tags.ImagePositionPatient, -32, -32, 5.0 * instance)
                .putDecimal(Tags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
                .putDecimal(Tags.PixelSpacing, 1, 1)
                .putInt(Tags.SamplesPerPixel, VR.US, 1).put(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putInt(Tags.Rows, VR.US, SIZE).putInt(Tags.Columns, VR.US, SIZE)
                .putInt(Tags.BitsAllocated, VR.US, 16).putInt(Tags.BitsStored, VR.US, 16)
                .putInt(Tags.HighBit, VR.US, 15).putInt(Tags.PixelRepresentation, VR.US, signedCt ? 1 : 0)
                .putBytes(Tags.PixelData, VR.OW, bytes);
        if (signedCt) {
            ds.putDecimal(Tags.RescaleIntercept, -1024).putDecimal(Tags.RescaleSlope, 1);
        } else {
            ds.putDecimal(Tags.WindowCenter, 600).putDecimal(Tags.WindowWidth, 1200);
        }
        return ds;
    }

    /** The fixture generator's slice: ellipse with a brighter rim, Gaussian noise, optional disc {y, x, r}. */
    static short[] headSlice(Random rng, double[] lesion, double base) {
        double cy = SIZE / 2.0 + rng.nextDouble() * 4 - 2;
        double cx = SIZE / 2.0 + rng.nextDouble() * 4 - 2;
        double ry = 24 + rng.nextDouble() * 4;
        double rx = 20 + rng.nextDouble() * 5;
        short[] out = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double r = Math.sqrt(Math.pow((y - cy) / ry, 2) + Math.pow((x - cx) / rx, 2));
                double v = r < 1 ? base : 20;
                if (r > 0.85 && r < 1) {
                    v = base * 1.6;
                }
                v += rng.nextGaussian() * base * 0.06;
                if (lesion != null && Math.hypot(y - lesion[0], x - lesion[1]) < lesion[2]) {
                    v = base * 2.2 + rng.nextGaussian() * base * 0.05;
                }
                out[y * SIZE + x] = (short) Math.max(0, Math.min(4095, Math.round(v)));
            }
        }
        return out;
    }
}
