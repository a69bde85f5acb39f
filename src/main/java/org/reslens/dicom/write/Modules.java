package org.reslens.dicom.write;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/** The modules every written object shares: Patient, General Study, General Equipment, SOP Common, references. */
final class Modules {
    static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    /** IHE AI Results: the algorithm is equipment that processed the images. */
    static final Code PROCESSING_EQUIPMENT = Code.dcm("109102", "Processing Equipment");
    static final Code BASIC_PROFILE = Code.dcm("113100", "Basic Application Confidentiality Profile");

    private Modules() {
    }

    /** Patient and General Study modules (PS3.3 C.7.1.1, C.7.2.1), plus the de-identification record when asked. */
    static void patientAndStudy(DataSet ds, StudyIdentity id) {
        type2(ds, Tags.PatientName, VR.PN, id.patientName());
        type2(ds, Tags.PatientID, VR.LO, id.patientId());
        type2(ds, Tags.PatientBirthDate, VR.DA, id.patientBirthDate());
        type2(ds, Tags.PatientSex, VR.CS, id.patientSex());
        ds.put(Tags.StudyInstanceUID, VR.UI, id.studyInstanceUid());
        type2(ds, Tags.StudyDate, VR.DA, id.studyDate());
        type2(ds, Tags.StudyTime, VR.TM, id.studyTime());
        type2(ds, Tags.ReferringPhysicianName, VR.PN, id.referringPhysicianName());
        type2(ds, Tags.StudyID, VR.SH, id.studyId());
        type2(ds, Tags.AccessionNumber, VR.SH, id.accessionNumber());
        type3(ds, Tags.StudyDescription, VR.LO, id.studyDescription());
        if (id.identityRemoved()) {
            ds.put(WriteTags.PatientIdentityRemoved, VR.CS, "YES");
            ds.put(WriteTags.DeidentificationMethod, VR.LO, Deidentifier.METHOD);
            ds.putSequence(WriteTags.DeidentificationMethodCodeSequence, BASIC_PROFILE.toItem());
            // Dates were removed, not shifted (PS3.15 E.3.6 describes the option this is not).
            ds.put(WriteTags.LongitudinalTemporalInformationModified, VR.CS, "REMOVED");
        }
    }

    /** General Series (or SR Document Series), General Equipment and SOP Common. */
    static void seriesEquipmentSop(DataSet ds, String sopClassUid, String modality, ResultInstance r,
                                   String seriesDescription, Algorithm algorithm) {
        ds.put(Tags.Modality, VR.CS, modality);
        ds.put(Tags.SeriesInstanceUID, VR.UI, r.seriesInstanceUid());
        ds.put(Tags.SeriesNumber, VR.IS, Integer.toString(r.seriesNumber()));
        type3(ds, Tags.SeriesDescription, VR.LO, seriesDescription);
        ds.put(Tags.InstanceNumber, VR.IS, Integer.toString(r.instanceNumber()));
        ds.put(Tags.Manufacturer, VR.LO, algorithm.manufacturer());
        ds.put(WriteTags.ManufacturerModelName, VR.LO, clip(algorithm.name(), 64));
        ds.put(WriteTags.SoftwareVersions, VR.LO, algorithm.softwareVersions());
        ds.put(Tags.SOPClassUID, VR.UI, sopClassUid);
        ds.put(Tags.SOPInstanceUID, VR.UI, r.sopInstanceUid());
        ds.put(WriteTags.InstanceCreationDate, VR.DA, r.created().format(DA));
        ds.put(WriteTags.InstanceCreationTime, VR.TM, r.created().format(TM));
        ds.put(Tags.ContentDate, VR.DA, r.created().format(DA));
        ds.put(Tags.ContentTime, VR.TM, r.created().format(TM));
    }

    /** The algorithm as Contributing Equipment (PS3.3 C.12.1.1.5), with what it did. */
    static void contributingEquipment(DataSet ds, Algorithm a, ZonedDateTime when, String description) {
        DataSet item = new DataSet()
                .putSequence(WriteTags.PurposeOfReferenceCodeSequence, PROCESSING_EQUIPMENT.toItem())
                .put(Tags.Manufacturer, VR.LO, a.manufacturer())
                .put(WriteTags.ManufacturerModelName, VR.LO, clip(a.name(), 64))
                .put(WriteTags.SoftwareVersions, VR.LO, a.softwareVersions())
                .put(WriteTags.DeviceUID, VR.UI, a.deviceUid())
                .put(WriteTags.ContributionDateTime, VR.DT, when.format(DT))
                .put(WriteTags.ContributionDescription, VR.ST, clip(description, 1024));
        ds.putSequence(WriteTags.ContributingEquipmentSequence, item);
    }

    /** A Referenced SOP item: class, instance and (for a frame of a multi-frame image) the frame number. */
    static DataSet sopReference(SourceImage s) {
        DataSet item = new DataSet().put(WriteTags.ReferencedSOPClassUID, VR.UI, s.sopClassUid())
                .put(WriteTags.ReferencedSOPInstanceUID, VR.UI, s.sopInstanceUid());
        if (s.frameNumber() > 0) {
            item.put(WriteTags.ReferencedFrameNumber, VR.IS, Integer.toString(s.frameNumber()));
        }
        return item;
    }

    /**
     * A Hierarchical SOP Instance Reference Macro list (PS3.3 C.17.2.1): the images grouped by study and series, each
     * instance once.
     */
    static List<DataSet> hierarchicalReferences(List<SourceImage> images) {
        Map<String, Map<String, Map<String, SourceImage>>> tree = new LinkedHashMap<>();
        for (SourceImage s : images) {
            tree.computeIfAbsent(s.studyInstanceUid(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.seriesInstanceUid(), k -> new LinkedHashMap<>())
                    .putIfAbsent(s.sopInstanceUid(), new SourceImage(s.studyInstanceUid(), s.seriesInstanceUid(),
                            s.sopClassUid(), s.sopInstanceUid(), 0));
        }
        List<DataSet> studies = new ArrayList<>();
        for (var study : tree.entrySet()) {
            List<DataSet> series = new ArrayList<>();
            for (var se : study.getValue().entrySet()) {
                List<DataSet> sops = new ArrayList<>();
                for (SourceImage s : se.getValue().values()) {
                    sops.add(sopReference(s));
                }
                series.add(new DataSet().put(Tags.SeriesInstanceUID, VR.UI, se.getKey())
                        .putSequence(WriteTags.ReferencedSOPSequence, sops));
            }
            studies.add(new DataSet().put(Tags.StudyInstanceUID, VR.UI, study.getKey())
                    .putSequence(WriteTags.ReferencedSeriesSequence, series));
        }
        return studies;
    }

    /**
     * A Type 2 attribute copied from a source: empty when absent, and empty too when the source's value breaks its VR's
     * rules (a hostile or sloppy file must not stop a result from being written).
     */
    static void type2(DataSet ds, int tag, VR vr, String value) {
        ds.putEmpty(tag, vr);
        if (value != null && !value.isBlank()) {
            try {
                ds.put(tag, vr, value.trim());
            } catch (IllegalArgumentException e) {
                ds.putEmpty(tag, vr);
            }
        }
    }

    /** A Type 3 attribute copied from a source: left out when absent or invalid. */
    static void type3(DataSet ds, int tag, VR vr, String value) {
        if (value != null && !value.isBlank()) {
            try {
                ds.put(tag, vr, clip(value.trim(), 64));
            } catch (IllegalArgumentException e) {
                ds.remove(tag);
            }
        }
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
