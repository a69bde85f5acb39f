package org.reslens.screening;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.Tags;
import org.reslens.dicom.write.Algorithm;
import org.reslens.dicom.write.DicomWriter;
import org.reslens.dicom.write.MeasurementReport;
import org.reslens.dicom.write.ResultInstance;
import org.reslens.dicom.write.SecondaryCapture;
import org.reslens.dicom.write.SourceImage;
import org.reslens.dicom.write.StudyIdentity;
import org.reslens.dicom.write.Uids;
import org.reslens.imaging.ArgbBuffer;

/**
 * {@code --dicom-results}: for a flagged study, a Secondary Capture of its key image with the heatmap drawn in and a
 * TID 1500 SR with its score, both new objects (new series and instance UIDs) in the source study, referencing the
 * slices the score rests on and naming the model as contributing equipment.
 */
final class DicomResults {
    /** Series numbers of the result series, high so they sort after the acquired ones. */
    static final int SC_SERIES = 9901;
    static final int SR_SERIES = 9902;

    private final OutputFolder out;
    private final Algorithm algorithm;
    private final Identity identity;
    private final double threshold;
    private final Aggregation aggregation;
    private final String className;

    DicomResults(OutputFolder out, Algorithm algorithm, Identity identity, double threshold, Aggregation aggregation,
                 String className) {
        this.out = out;
        this.algorithm = algorithm;
        this.identity = identity;
        this.threshold = threshold;
        this.aggregation = aggregation;
        this.className = className;
    }

    /**
     * Writes {@code dicom/<stem>_sc.dcm} (when there is a key image) and {@code dicom/<stem>_sr.dcm}; returns their
     * paths relative to the output folder.
     */
    List<String> write(StudyJob job, double score, List<TopSlices.Scored> top, KeyImages.Rendered key, String stem)
            throws IOException {
        StudyIdentity id = studyIdentity(job, key == null ? null : key.dataset());
        ZonedDateTime now = ZonedDateTime.now();
        List<MeasurementReport.Evidence> evidence = new ArrayList<>();
        for (TopSlices.Scored s : top) {
            SourceImage src = source(id, s);
            if (src != null) {
                evidence.add(new MeasurementReport.Evidence(src, s.probability()));
            }
        }
        List<String> files = new ArrayList<>();
        if (key != null && !top.isEmpty()) {
            ArgbBuffer img = key.overlay();
            byte[] rgb = new byte[img.width() * img.height() * 3];
            int[] px = img.pixels();
            for (int i = 0; i < px.length; i++) {
                rgb[3 * i] = (byte) (px[i] >> 16);
                rgb[3 * i + 1] = (byte) (px[i] >> 8);
                rgb[3 * i + 2] = (byte) px[i];
            }
            TopSlices.Scored first = top.get(0);
            SourceImage src = source(id, first);
            String description = String.format(Locale.ROOT, "Grad-CAM heatmap of '%s' (%s) over slice %d, "
                    + "probability %.3f; %s", className, algorithm.name(), first.index() + 1, first.probability(),
                    algorithm.intendedUse() == null ? "" : algorithm.intendedUse());
            String sc = OutputFolder.DICOM + "/" + stem + "_sc.dcm";
            DicomWriter.write(out.resolve(sc), SecondaryCapture.build(id, ResultInstance.fresh(SC_SERIES, now),
                    algorithm, img.width(), img.height(), rgb, src == null ? List.of() : List.of(src), description));
            files.add(sc);
        }
        if (!evidence.isEmpty()) {
            MeasurementReport.Finding finding = new MeasurementReport.Finding(className, score, threshold,
                    score >= threshold, aggregation.describe(), evidence);
            String sr = OutputFolder.DICOM + "/" + stem + "_sr.dcm";
            DicomWriter.write(out.resolve(sr), MeasurementReport.build(id, ResultInstance.fresh(SR_SERIES, now),
                    algorithm, finding));
            files.add(sr);
        }
        return files;
    }

    /** The slice as written in references, or null when it lacks a UID to reference it by. */
    private SourceImage source(StudyIdentity id, TopSlices.Scored s) {
        String series = identity.uid(s.stack().series.seriesInstanceUid());
        String sop = identity.uid(s.slice().sopInstanceUid());
        int frame = s.stack().stack.multiFrame() ? s.slice().frameNumber() : 0;
        if (!Uids.isValid(series) || !Uids.isValid(sop) || !Uids.isValid(s.sopClassUid())) {
            return null;
        }
        return new SourceImage(id.studyInstanceUid(), series, s.sopClassUid(), sop, frame);
    }

    /** In a plain run, birth date, sex, study ID and referrer come from the key slice's file. */
    private StudyIdentity studyIdentity(StudyJob job, Attributes key) {
        StudyIdentity id = identity.studyIdentity(job.patient, job.study);
        if (id.identityRemoved() || key == null) {
            return id;
        }
        return new StudyIdentity(id.patientName(), id.patientId(), key.getString(Tags.PatientBirthDate),
                key.getString(Tags.PatientSex), id.studyInstanceUid(), id.studyDate(), id.studyTime(),
                key.getString(Tags.StudyID), id.accessionNumber(), key.getString(Tags.ReferringPhysicianName),
                id.studyDescription(), false);
    }
}
