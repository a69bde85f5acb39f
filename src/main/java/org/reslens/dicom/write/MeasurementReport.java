package org.reslens.dicom.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reslens.dicom.VR;

/**
 * An AI score as a DICOM Structured Report: a Comprehensive SR whose content follows TID 1500 "Measurement Report"
 * with one TID 1501 measurement group, as the IHE AI Results profile asks for findings:
 * <pre>
 * CONTAINER (126000, DCM, "Imaging Measurement Report")            template DCMR 1500
 *   HAS CONCEPT MOD  Language of Content Item and Descendants = en-US
 *   HAS OBS CONTEXT  Observer Type = Device; Device Observer UID, Name, Manufacturer, Model Name   (TID 1004)
 *   HAS CONCEPT MOD  Procedure reported = (363679005, SCT, "Imaging procedure")
 *   CONTAINS CONTAINER Image Library > Image Library Group > IMAGE per evidence slice
 *   CONTAINS CONTAINER Imaging Measurements
 *     CONTAINS CONTAINER Measurement Group                                                     (TID 1501)
 *       HAS OBS CONTEXT  Tracking Identifier, Tracking Unique Identifier
 *       HAS CONCEPT MOD  Finding = the explained class
 *       HAS CONCEPT MOD  Algorithm Name, Algorithm Version, Algorithm Parameters                (TID 4019)
 *       CONTAINS NUM     study score (no units), INFERRED FROM the evidence images
 *       CONTAINS NUM     probability of each evidence slice, INFERRED FROM that image
 *       CONTAINS CODE    Screening flag = above / below the threshold
 * </pre>
 * Concepts without a standard code use the local scheme {@code 99RESLENS}. The algorithm is also the Contributing
 * Equipment, and every referenced image is listed in the Current Requested Procedure Evidence Sequence.
 */
public final class MeasurementReport {
    public static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    public static final String LOCAL_SCHEME = "99RESLENS";
    static final Code REPORT = Code.dcm("126000", "Imaging Measurement Report");
    static final Code LANGUAGE = Code.dcm("121049", "Language of Content Item and Descendants");
    static final Code EN_US = new Code("en-US", "RFC5646", "English (United States)");
    static final Code OBSERVER_TYPE = Code.dcm("121005", "Observer Type");
    static final Code DEVICE = Code.dcm("121007", "Device");
    static final Code DEVICE_UID = Code.dcm("121012", "Device Observer UID");
    static final Code DEVICE_NAME = Code.dcm("121013", "Device Observer Name");
    static final Code DEVICE_MANUFACTURER = Code.dcm("121014", "Device Observer Manufacturer");
    static final Code DEVICE_MODEL = Code.dcm("121015", "Device Observer Model Name");
    static final Code PROCEDURE_REPORTED = Code.dcm("121058", "Procedure reported");
    static final Code IMAGING_PROCEDURE = new Code("363679005", "SCT", "Imaging procedure");
    static final Code IMAGE_LIBRARY = Code.dcm("111028", "Image Library");
    static final Code IMAGE_LIBRARY_GROUP = Code.dcm("126200", "Image Library Group");
    static final Code IMAGING_MEASUREMENTS = Code.dcm("126010", "Imaging Measurements");
    static final Code MEASUREMENT_GROUP = Code.dcm("125007", "Measurement Group");
    static final Code TRACKING_ID = Code.dcm("112039", "Tracking Identifier");
    static final Code TRACKING_UID = Code.dcm("112040", "Tracking Unique Identifier");
    static final Code FINDING = Code.dcm("121071", "Finding");
    static final Code ALGORITHM_NAME = Code.dcm("111001", "Algorithm Name");
    static final Code ALGORITHM_VERSION = Code.dcm("111003", "Algorithm Version");
    static final Code ALGORITHM_PARAMETERS = Code.dcm("111002", "Algorithm Parameters");
    static final Code SOURCE_OF_MEASUREMENT = Code.dcm("121112", "Source of Measurement");
    static final Code NO_UNITS = new Code("1", "UCUM", "no units");
    static final Code FLAG = new Code("FLAG", LOCAL_SCHEME, "Screening flag");
    static final Code FLAGGED = new Code("FLAGGED", LOCAL_SCHEME, "At or above the screening threshold");
    static final Code NOT_FLAGGED = new Code("NOTFLAGGED", LOCAL_SCHEME, "Below the screening threshold");

    private MeasurementReport() {
    }

    /** A slice the score rests on and its own probability. */
    public record Evidence(SourceImage image, double probability) {
        public Evidence {
            if (image == null || !(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("evidence needs an image and a probability in 0..1");
            }
        }
    }

    /**
     * What the algorithm found.
     *
     * @param className the class explained and scored, e.g. "lesion"
     * @param score     the study score in 0..1
     * @param method    how the score was aggregated, e.g. "maximum of the slice probabilities"
     * @param evidence  the top slices, highest first; at least one
     */
    public record Finding(String className, double score, double threshold, boolean flagged, String method,
                          List<Evidence> evidence) {
        public Finding {
            if (className == null || className.isBlank() || method == null) {
                throw new IllegalArgumentException("class name and method are required");
            }
            if (!(score >= 0 && score <= 1) || !(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("score and threshold must be within 0..1");
            }
            evidence = List.copyOf(evidence);
            if (evidence.isEmpty()) {
                throw new IllegalArgumentException("a finding rests on at least one image");
            }
        }
    }

    public static DataSet build(StudyIdentity study, ResultInstance instance, Algorithm algorithm, Finding finding) {
        DataSet ds = new DataSet();
        Modules.patientAndStudy(ds, study);
        Modules.seriesEquipmentSop(ds, COMPREHENSIVE_SR, "SR", instance, "AI result: " + algorithm.name(), algorithm);
        String contribution = String.format(Locale.ROOT, "%s scored the study %.4f for %s (%s); %s",
                algorithm.name(), finding.score(), finding.className(), finding.method(),
                algorithm.intendedUse() == null ? "" : algorithm.intendedUse());
        Modules.contributingEquipment(ds, algorithm, instance.created(), contribution);
        ds.putEmpty(WriteTags.ReferencedPerformedProcedureStepSequence, VR.SQ);
        ds.put(WriteTags.CompletionFlag, VR.CS, "COMPLETE");
        ds.put(WriteTags.VerificationFlag, VR.CS, "UNVERIFIED");
        ds.putEmpty(WriteTags.PerformedProcedureCodeSequence, VR.SQ);
        List<SourceImage> images = finding.evidence().stream().map(Evidence::image).toList();
        ds.putSequence(WriteTags.CurrentRequestedProcedureEvidenceSequence, Modules.hierarchicalReferences(images));

        ds.put(WriteTags.ValueType, VR.CS, "CONTAINER");
        ds.putSequence(WriteTags.ConceptNameCodeSequence, REPORT.toItem());
        ds.put(WriteTags.ContinuityOfContent, VR.CS, "SEPARATE");
        ds.putSequence(WriteTags.ContentTemplateSequence, new DataSet().put(WriteTags.MappingResource, VR.CS, "DCMR")
                .put(WriteTags.TemplateIdentifier, VR.CS, "1500"));
        List<DataSet> root = new ArrayList<>();
        root.add(SrContent.code(SrContent.HAS_CONCEPT_MOD, LANGUAGE, EN_US));
        root.add(SrContent.code(SrContent.HAS_OBS_CONTEXT, OBSERVER_TYPE, DEVICE));
        root.add(SrContent.uidRef(SrContent.HAS_OBS_CONTEXT, DEVICE_UID, algorithm.deviceUid()));
        root.add(SrContent.text(SrContent.HAS_OBS_CONTEXT, DEVICE_NAME, algorithm.name()));
        root.add(SrContent.text(SrContent.HAS_OBS_CONTEXT, DEVICE_MANUFACTURER, algorithm.manufacturer()));
        root.add(SrContent.text(SrContent.HAS_OBS_CONTEXT, DEVICE_MODEL, algorithm.name()));
        root.add(SrContent.code(SrContent.HAS_CONCEPT_MOD, PROCEDURE_REPORTED, IMAGING_PROCEDURE));
        List<DataSet> library = new ArrayList<>();
        for (SourceImage s : distinct(images)) {
            library.add(SrContent.image(SrContent.CONTAINS, null, s));
        }
        root.add(SrContent.container(SrContent.CONTAINS, IMAGE_LIBRARY,
                List.of(SrContent.container(SrContent.CONTAINS, IMAGE_LIBRARY_GROUP, library))));
        root.add(SrContent.container(SrContent.CONTAINS, IMAGING_MEASUREMENTS,
                List.of(measurementGroup(instance, algorithm, finding))));
        ds.putSequence(org.reslens.dicom.Tags.ContentSequence, root);
        return ds;
    }

    private static DataSet measurementGroup(ResultInstance instance, Algorithm algorithm, Finding f) {
        List<DataSet> g = new ArrayList<>();
        g.add(SrContent.text(SrContent.HAS_OBS_CONTEXT, TRACKING_ID, Modules.clip("AI score: " + f.className(), 64)));
        g.add(SrContent.uidRef(SrContent.HAS_OBS_CONTEXT, TRACKING_UID, Uids.derived("reslens-tracking/"
                + instance.sopInstanceUid())));
        Code findingCode = classCode(f.className());
        g.add(SrContent.code(SrContent.HAS_CONCEPT_MOD, FINDING, findingCode));
        g.add(SrContent.text(SrContent.HAS_CONCEPT_MOD, ALGORITHM_NAME, algorithm.name()));
        g.add(SrContent.text(SrContent.HAS_CONCEPT_MOD, ALGORITHM_VERSION, algorithm.softwareVersions()));
        g.add(SrContent.text(SrContent.HAS_CONCEPT_MOD, ALGORITHM_PARAMETERS, String.format(Locale.ROOT,
                "threshold %s; study score: %s", trim(f.threshold()), f.method())));
        List<DataSet> sources = new ArrayList<>();
        for (SourceImage s : distinct(f.evidence().stream().map(Evidence::image).toList())) {
            sources.add(SrContent.image(SrContent.INFERRED_FROM, SOURCE_OF_MEASUREMENT, s));
        }
        g.add(SrContent.num(SrContent.CONTAINS, new Code("SCORE", LOCAL_SCHEME,
                Modules.clip("AI study score for " + f.className(), 64)), f.score(), NO_UNITS, sources));
        for (Evidence e : f.evidence()) {
            g.add(SrContent.num(SrContent.CONTAINS, new Code("SLICEPROB", LOCAL_SCHEME,
                    Modules.clip("AI slice probability of " + f.className(), 64)), e.probability(), NO_UNITS,
                    List.of(SrContent.image(SrContent.INFERRED_FROM, SOURCE_OF_MEASUREMENT, e.image()))));
        }
        g.add(SrContent.code(SrContent.CONTAINS, FLAG, f.flagged() ? FLAGGED : NOT_FLAGGED));
        return SrContent.container(SrContent.CONTAINS, MEASUREMENT_GROUP, g);
    }

    /** The class as a local code: its name upper-cased to SH's repertoire and length. */
    static Code classCode(String className) {
        String v = className.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        v = v.isEmpty() ? "CLASS" : Modules.clip(v, 16);
        String meaning = className.replaceAll("[\\\\\\p{Cntrl}]", " ").trim();
        return new Code(v, LOCAL_SCHEME, Modules.clip(meaning.isEmpty() ? v : meaning, 64));
    }

    private static List<SourceImage> distinct(List<SourceImage> images) {
        List<SourceImage> out = new ArrayList<>();
        for (SourceImage s : images) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static String trim(double v) {
        return ValueRules.decimal(v);
    }
}
