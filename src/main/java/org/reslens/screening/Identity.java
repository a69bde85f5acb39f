package org.reslens.screening;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.reslens.dicom.Tags;
import org.reslens.dicom.write.Deidentifier;
import org.reslens.dicom.write.StudyIdentity;
import org.reslens.study.Location;
import org.reslens.study.Patient;
import org.reslens.study.Study;

/**
 * Every identifying value on its way into an output passes here: unchanged in a plain run, through the PS3.15 basic
 * profile ({@link Deidentifier}) in a de-identified one. Free text (error messages, notes) is scrubbed of every
 * identifier the run has met, in case a message quotes one.
 */
final class Identity {
    private static final String REMOVED = "[removed]";

    private final Deidentifier deid;
    /** Identifiers met so far, longest first when scrubbing (so a name is removed before its parts). */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private Identity(Deidentifier deid) {
        this.deid = deid;
    }

    static Identity plain() {
        return new Identity(null);
    }

    static Identity deidentified(Deidentifier deid) {
        return new Identity(deid);
    }

    boolean deidentifying() {
        return deid != null;
    }

    /** Remembers a study's identifiers for {@link #scrub}. */
    void remember(Patient p, Study s) {
        if (deid == null) {
            return;
        }
        add(p.patientId());
        add(p.patientName());
        if (p.patientName() != null) {
            for (String part : p.patientName().split("[\\^=]")) {
                if (part.trim().length() >= 3) {
                    add(part.trim());
                }
            }
        }
        add(s.studyInstanceUid());
        add(s.accessionNumber());
        s.series().forEach(se -> add(se.seriesInstanceUid()));
    }

    private void add(String v) {
        if (v != null && v.trim().length() >= 3) {
            known.add(v.trim());
        }
    }

    String patientId(Patient p) {
        return deid == null ? p.patientId() : deid.patientPseudonym(p.patientId(), p.patientName());
    }

    String patientName(Patient p) {
        return deid == null ? p.patientName()
                : "ANONYMOUS^" + deid.patientPseudonym(p.patientId(), p.patientName()).substring(5);
    }

    String uid(String uid) {
        return deid == null ? uid : deid.uid(uid);
    }

    String accession(String v) {
        return deid == null ? v : deid.value(Tags.AccessionNumber, v);
    }

    String studyDate(String v) {
        return deid == null ? v : deid.value(Tags.StudyDate, v);
    }

    String description(int tag, String v) {
        return deid == null ? v : deid.value(tag, v);
    }

    /** How a file is named in outputs: its path, or a stable token that does not reveal it. */
    String location(Location location) {
        return deid == null ? location.toString() : "file-" + deid.token("location", location.toString());
    }

    /** Patient and study for written DICOM objects. */
    StudyIdentity studyIdentity(Patient p, Study s) {
        if (deid != null) {
            return deid.identity(p.patientId(), p.patientName(), s.studyInstanceUid());
        }
        return new StudyIdentity(p.patientName(), p.patientId(), null, null, s.studyInstanceUid(), s.studyDate(),
                s.studyTime(), null, s.accessionNumber(), null, s.studyDescription(), false);
    }

    /** Free text with every identifier met replaced; unchanged in a plain run. */
    String scrub(String text) {
        if (deid == null || text == null) {
            return text;
        }
        List<String> ids = new ArrayList<>(known);
        ids.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String id : ids) {
            if (out.contains(id)) {
                out = out.replace(id, REMOVED);
            }
        }
        return out;
    }

    /** A file-name stem for a study's outputs that reveals nothing: a hash of its written key. */
    static String fileStem(String writtenStudyKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("study/" + writtenStudyKey)
                    .getBytes(StandardCharsets.UTF_8));
            return "study-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
