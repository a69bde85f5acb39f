package org.reslens.ui.viewport;

import org.reslens.study.SliceAttributes;
import org.reslens.study.Vector3;

/** Where a slice lies along its own normal, for annotations and synchronised scrolling. */
public final class SliceGeometry {
    private SliceGeometry() {
    }

    /** Image Position (Patient) projected on the slice normal, in mm; null without position or orientation. */
    public static Double location(SliceAttributes a) {
        if (a.position() == null || a.orientation() == null) {
            return null;
        }
        Vector3 n = a.orientation().normal();
        return a.position().dot(n);
    }
}
