package org.reslens.study;

import java.util.List;

/**
 * A displayable stack: slices of one series that share orientation, size and acquisition, in display order. A
 * series splits into several stacks when those differ (a localizer, a second echo); each multi-frame instance is a
 * stack of its own frames.
 *
 * @param label        what sets this stack apart, e.g. "axial", "sagittal localizer", "axial, echo 2"
 * @param rows         Rows of every slice
 * @param columns      Columns of every slice
 * @param localizer    Image Type contains LOCALIZER
 * @param multiFrame   the slices are the frames of one multi-frame instance
 * @param orientation  the stack's orientation, null when its slices have none
 * @param orderedBy    what the display order was derived from
 * @param sliceSpacing median distance between consecutive distinct positions along the normal (mm), null when
 *                     fewer than two distinct positions are known
 * @param warnings     geometry and content warnings, possibly empty
 * @param slices       in display order, never empty
 */
public record Stack(String label, int rows, int columns, boolean localizer, boolean multiFrame,
                    Orientation orientation, SliceOrder orderedBy, Double sliceSpacing, List<StackWarning> warnings,
                    List<Slice> slices) {
    public Stack {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("rows and columns must be positive: " + rows + "x" + columns);
        }
        if (orderedBy == null || label == null) {
            throw new IllegalArgumentException("label and orderedBy are required");
        }
        if (sliceSpacing != null && !(sliceSpacing > 0)) {
            throw new IllegalArgumentException("slice spacing must be positive: " + sliceSpacing);
        }
        warnings = List.copyOf(warnings);
        slices = List.copyOf(slices);
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a stack has at least one slice");
        }
    }

    public int frames() {
        return slices.size();
    }

    public boolean hasWarning(StackWarning.Kind kind) {
        return warnings.stream().anyMatch(w -> w.kind() == kind);
    }
}
