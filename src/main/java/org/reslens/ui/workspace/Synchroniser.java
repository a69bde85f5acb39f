package org.reslens.ui.workspace;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import org.reslens.study.Orientation;
import org.reslens.study.SliceAttributes;
import org.reslens.ui.series.SeriesHeader;
import org.reslens.ui.viewport.ViewportViewModel;

/**
 * Synchronised scrolling: when the active viewport moves, every other viewport showing a stack of the same Frame of
 * Reference with parallel slices moves to its slice nearest the same location along the normal. Stacks without a
 * Frame of Reference (projection images) or without positions never follow.
 */
final class Synchroniser {
    /** Slices count as parallel when their normals differ by less than about 8 degrees. */
    static final double PARALLEL = 0.99;

    private final List<ViewportViewModel> viewports;
    private final BooleanProperty enabled;
    private final ReadOnlyIntegerProperty active;
    private boolean following;

    Synchroniser(List<ViewportViewModel> viewports, BooleanProperty enabled, ReadOnlyIntegerProperty active) {
        this.viewports = viewports;
        this.enabled = enabled;
        this.active = active;
        for (ViewportViewModel v : viewports) {
            v.sliceIndexProperty().addListener((o, a, b) -> moved(v));
        }
    }

    private void moved(ViewportViewModel source) {
        if (following || !enabled.get() || viewports.get(active.get()) != source) {
            return;
        }
        Double location = source.navigation().location();
        if (location == null) {
            return;
        }
        following = true;
        try {
            for (ViewportViewModel v : viewports) {
                if (v != source && sameFrame(source, v)) {
                    v.navigation().goToLocation(location);
                }
            }
        } finally {
            following = false;
        }
    }

    static boolean sameFrame(ViewportViewModel a, ViewportViewModel b) {
        SeriesHeader ha = a.headerProperty().get();
        SeriesHeader hb = b.headerProperty().get();
        if (b.stackProperty().get() == null || ha.frameOfReferenceUid() == null
                || !ha.frameOfReferenceUid().equals(hb.frameOfReferenceUid())) {
            return false;
        }
        SliceAttributes sa = a.currentAttributes();
        SliceAttributes sb = b.currentAttributes();
        Orientation oa = sa == null ? null : sa.orientation();
        Orientation ob = sb == null ? null : sb.orientation();
        return oa != null && ob != null && Math.abs(oa.normal().dot(ob.normal())) >= PARALLEL;
    }
}
