package org.reslens.ui.series;

import java.util.Locale;
import org.reslens.study.Patient;
import org.reslens.study.Series;
import org.reslens.study.Slice;
import org.reslens.study.Stack;
import org.reslens.study.Study;

/**
 * One displayable stack with the patient, study and series it belongs to, as the browser lists it and a viewport
 * opens it.
 *
 * @param stackIndex the stack's position in its series (a series may split into an axial stack and a localizer)
 */
public record StackRef(Patient patient, Study study, Series series, Stack stack, int stackIndex) {
    public StackRef {
        if (patient == null || study == null || series == null || stack == null || stackIndex < 0) {
            throw new IllegalArgumentException("patient, study, series and stack are required");
        }
    }

    /** Identifies the stack across index runs: the series UID and the stack's position in it. */
    public String key() {
        return series.seriesInstanceUid() + "#" + stackIndex;
    }

    public String modality() {
        return series.modality() == null ? "" : series.modality().strip().toUpperCase(Locale.ROOT);
    }

    public int size() {
        return stack.frames();
    }

    public Slice slice(int index) {
        return stack.slices().get(index);
    }

    /** "Series 3 · T1 AX POST (axial)": what a reader calls the stack. */
    public String title() {
        StringBuilder b = new StringBuilder();
        if (series.seriesNumber() != null) {
            b.append("Series ").append(series.seriesNumber());
        }
        String d = series.seriesDescription();
        if (d != null && !d.isBlank()) {
            b.append(b.length() > 0 ? " · " : "").append(d.strip());
        }
        if (series.stacks().size() > 1 || b.length() == 0) {
            b.append(b.length() > 0 ? " (" + stack.label() + ")" : stack.label());
        }
        return b.toString();
    }
}
