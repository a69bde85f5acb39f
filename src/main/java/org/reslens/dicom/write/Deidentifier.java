package org.reslens.dicom.write;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.reslens.dicom.Tags;

/**
 * PS3.15 Annex E Basic Application Level Confidentiality Profile for the attributes ResLens writes out, with stable
 * pseudonyms: every value goes through {@link #value(int, String)}, which applies the profile's action for its tag
 * (table E.1-1): remove (X), empty (Z), replace by a dummy (D: here a keyed pseudonym, so that one patient keeps one
 * pseudonym), remap a UID (U: a keyed-hash UID, so references between results stay consistent), or keep. Tags
 * absent from the table are removed: what is not known to be safe does not leave.
 *
 * <p>Pseudonyms are HMAC-SHA-256 of the original under the site's {@link PseudonymKey}: the same input always gives
 * the same output on one site, and the output reveals nothing of the input without the key.
 */
public final class Deidentifier {
    /** De-identification Method (0012,0063) written into de-identified objects. */
    public static final String METHOD = "PS3.15 E.1 Basic Profile, keyed-hash pseudonyms (ResLens)";

    /** What the basic profile does with an attribute. */
    public enum Action {
        /** Not identifying (e.g. Modality): kept. */
        KEEP,
        /** X: removed. */
        REMOVE,
        /** Z: written empty (Type 2 attributes stay present). */
        EMPTY,
        /** D: replaced by a consistent dummy value, here the keyed pseudonym. */
        PSEUDONYM,
        /** U: replaced by a consistent non-identifying UID. */
        UID
    }

    private static final Map<Integer, Action> TABLE = Map.ofEntries(
            Map.entry(Tags.PatientName, Action.PSEUDONYM),
            Map.entry(Tags.PatientID, Action.PSEUDONYM),
            Map.entry(Tags.PatientBirthDate, Action.EMPTY),
            Map.entry(Tags.PatientSex, Action.EMPTY),
            Map.entry(Tags.PatientAge, Action.REMOVE),
            Map.entry(Tags.StudyDate, Action.EMPTY),
            Map.entry(Tags.StudyTime, Action.EMPTY),
            Map.entry(Tags.SeriesDate, Action.REMOVE),
            Map.entry(Tags.SeriesTime, Action.REMOVE),
            Map.entry(Tags.AcquisitionDate, Action.REMOVE),
            Map.entry(Tags.AcquisitionTime, Action.REMOVE),
            Map.entry(Tags.ContentDate, Action.EMPTY),
            Map.entry(Tags.ContentTime, Action.EMPTY),
            Map.entry(Tags.AccessionNumber, Action.EMPTY),
            Map.entry(Tags.StudyID, Action.EMPTY),
            Map.entry(Tags.ReferringPhysicianName, Action.EMPTY),
            Map.entry(Tags.InstitutionName, Action.REMOVE),
            Map.entry(Tags.StudyDescription, Action.REMOVE),
            Map.entry(Tags.SeriesDescription, Action.REMOVE),
            Map.entry(Tags.ProtocolName, Action.REMOVE),
            Map.entry(Tags.StudyInstanceUID, Action.UID),
            Map.entry(Tags.SeriesInstanceUID, Action.UID),
            Map.entry(Tags.SOPInstanceUID, Action.UID),
            Map.entry(Tags.FrameOfReferenceUID, Action.UID),
            Map.entry(Tags.SOPClassUID, Action.KEEP),
            Map.entry(Tags.Modality, Action.KEEP),
            Map.entry(Tags.BodyPartExamined, Action.KEEP),
            Map.entry(Tags.SeriesNumber, Action.KEEP),
            Map.entry(Tags.InstanceNumber, Action.KEEP),
            Map.entry(Tags.Manufacturer, Action.KEEP),
            Map.entry(Tags.ImageType, Action.KEEP));

    private final PseudonymKey key;

    public Deidentifier(PseudonymKey key) {
        if (key == null) {
            throw new IllegalArgumentException("a pseudonym key is required");
        }
        this.key = key;
    }

    public PseudonymKey key() {
        return key;
    }

    /** The profile's action for a tag; {@link Action#REMOVE} for every tag it does not list. */
    public static Action action(int tag) {
        return TABLE.getOrDefault(tag, Action.REMOVE);
    }

    /**
     * What may be written for {@code source} under {@code tag}: the value, its pseudonym or remapped UID, or null
     * (removed or empty). Null in gives null out.
     */
    public String value(int tag, String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        return switch (action(tag)) {
            case KEEP -> source;
            case REMOVE, EMPTY -> null;
            case PSEUDONYM -> tag == Tags.PatientName ? "ANONYMOUS^" + code("name", source)
                    : "ANON-" + code("id/" + Tags.tagString(tag), source);
            case UID -> uid(source);
        };
    }

    /**
     * One pseudonym per patient, for both Patient ID and Patient Name: derived from the ID when there is one (the
     * way the index groups patients), else from the name.
     */
    public String patientPseudonym(String patientId, String patientName) {
        String basis = patientId != null && !patientId.isBlank() ? "id:" + patientId.trim()
                : "name:" + (patientName == null ? "" : patientName.trim());
        return "ANON-" + code("patient", basis);
    }

    /** A UID that stands for {@code uid} on this site: {@code 2.25.} and 128 bits of its keyed hash. */
    public String uid(String uid) {
        if (uid == null || uid.isBlank()) {
            return null;
        }
        byte[] h = key.hmac("uid", uid.trim());
        return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
    }

    /** A stable short token for any other value (a file location, say), under its own namespace. */
    public String token(String namespace, String value) {
        return code("token/" + namespace, value);
    }

    /**
     * The identity for a written object: pseudonymous patient, empty dates and numbers, study UID remapped,
     * description removed, marked as de-identified.
     */
    public StudyIdentity identity(String patientId, String patientName, String studyInstanceUid) {
        String pseudonym = patientPseudonym(patientId, patientName);
        return new StudyIdentity("ANONYMOUS^" + pseudonym.substring(5), pseudonym, null, null, uid(studyInstanceUid),
                null, null, null, null, null, null, true);
    }

    /** 12 characters of RFC 4648 base32 (A-Z, 2-7) of the keyed hash: 60 bits, no look-alike of a date or number. */
    private String code(String namespace, String value) {
        byte[] h = key.hmac(namespace, value);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder(12);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (h[i] & 0xFF);
        }
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt((int) (bits >>> (59 - 5 * i) & 31)));
        }
        return sb.toString();
    }
}
