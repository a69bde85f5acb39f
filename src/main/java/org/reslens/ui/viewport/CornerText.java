package org.reslens.ui.viewport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reslens.imaging.VoiLut;
import org.reslens.study.SliceAttributes;
import org.reslens.ui.series.SeriesHeader;
import org.reslens.ui.series.StackRef;

/**
 * The four corner annotations of a viewport, in the layout reading software shares: patient top left, study and
 * series top right, slice bottom left, display state bottom right. The de-identified form (for key-image export on
 * request) leaves out everything PS3.15's basic profile removes: names, IDs, dates and the institution.
 */
public record CornerText(String topLeft, String topRight, String bottomLeft, String bottomRight) {
    public static final CornerText EMPTY = new CornerText("", "", "", "");

    /** What the corners show. */
    public record Input(StackRef stack, SeriesHeader header, int sliceIndex, VoiLut voi, double zoom,
                        boolean inverted, ViewGeometry geometry, boolean deidentified) {
    }

    public static CornerText of(Input in) {
        if (in.stack() == null) {
            return EMPTY;
        }
        StackRef s = in.stack();
        SeriesHeader h = in.header() == null ? SeriesHeader.NONE : in.header();
        List<String> tl = new ArrayList<>();
        List<String> tr = new ArrayList<>();
        if (in.deidentified()) {
            tl.add("De-identified");
        } else {
            tl.add(patientName(s.patient().patientName()));
            add(tl, s.patient().patientId() == null ? null : "ID " + s.patient().patientId());
            String sexAge = join(h.patientSex() == null ? null : "Sex " + h.patientSex(),
                    h.patientBirthDate() == null ? null : "DOB " + date(h.patientBirthDate()));
            add(tl, sexAge);
            add(tl, h.institutionName());
            add(tr, date(s.study().studyDate()) + (s.study().studyTime() == null ? "" : " " + time(s.study().studyTime())));
        }
        add(tr, s.study().studyDescription());
        add(tr, join(s.modality(), s.title()));
        int n = s.size();
        SliceAttributes a = s.slice(Math.max(0, Math.min(n - 1, in.sliceIndex()))).attributes();
        List<String> bl = new ArrayList<>();
        bl.add("Im " + (in.sliceIndex() + 1) + " / " + n);
        Double loc = SliceGeometry.location(a);
        if (loc != null) {
            bl.add(String.format(Locale.ROOT, "Loc %.1f mm", loc));
        }
        if (a.sliceThickness() != null) {
            bl.add(String.format(Locale.ROOT, "Thk %.1f mm", a.sliceThickness()));
        }
        if (a.pixelSpacing() != null) {
            bl.add(String.format(Locale.ROOT, "Px %.2f x %.2f mm", a.pixelSpacing().betweenColumns(),
                    a.pixelSpacing().betweenRows()));
        }
        List<String> br = new ArrayList<>();
        if (in.voi() != null) {
            String e = in.voi().explanation();
            br.add(WindowPreset.describe(in.voi()) + (e.isBlank() ? "" : "  " + e));
        }
        br.add(String.format(Locale.ROOT, "Zoom %.0f%%", in.zoom() * 100));
        ViewGeometry g = in.geometry();
        List<String> state = new ArrayList<>();
        if (g != null && g.quarterTurns() != 0) {
            state.add("Rot " + g.quarterTurns() * 90 + "\u00b0");
        }
        if (g != null && g.flipHorizontal()) {
            state.add("Flip H");
        }
        if (g != null && g.flipVertical()) {
            state.add("Flip V");
        }
        if (in.inverted()) {
            state.add("Inverted");
        }
        if (!state.isEmpty()) {
            br.add(String.join("  ", state));
        }
        return new CornerText(String.join("\n", tl), String.join("\n", tr), String.join("\n", bl),
                String.join("\n", br));
    }

    private static void add(List<String> lines, String s) {
        if (s != null && !s.isBlank()) {
            lines.add(s.strip());
        }
    }

    private static String join(String a, String b) {
        boolean ha = a != null && !a.isBlank();
        boolean hb = b != null && !b.isBlank();
        return ha && hb ? a.strip() + "  " + b.strip() : ha ? a.strip() : hb ? b.strip() : null;
    }

    /** "DOE^JOHN^^DR" as "DOE, JOHN"; an absent name as "(no name)". */
    public static String patientName(String pn) {
        if (pn == null || pn.isBlank()) {
            return "(no name)";
        }
        String alphabetic = pn.split("=", -1)[0];
        String[] parts = alphabetic.split("\\^", -1);
        String family = parts[0].strip();
        String given = parts.length > 1 ? parts[1].strip() : "";
        return given.isEmpty() ? family : family + ", " + given;
    }

    /** DA "20240131" as "2024-01-31"; anything else unchanged. */
    public static String date(String da) {
        if (da == null) {
            return "";
        }
        String d = da.strip();
        return d.length() == 8 && d.chars().allMatch(Character::isDigit)
                ? d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6) : d;
    }

    static String time(String tm) {
        String t = tm.strip();
        return t.length() >= 4 && t.substring(0, 4).chars().allMatch(Character::isDigit)
                ? t.substring(0, 2) + ":" + t.substring(2, 4) : t;
    }
}
