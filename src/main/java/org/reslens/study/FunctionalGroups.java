package org.reslens.study;

import java.util.ArrayList;
import java.util.List;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.Tags;

/**
 * Resolves each frame's plane position, plane orientation, pixel measures, frame VOI LUT and pixel value
 * transformation: the frame's item of the Per-Frame Functional Groups Sequence first, then the Shared Functional
 * Groups, then the top-level data set (PS3.3 C.7.6.16: a macro is in one of the two, never both, but real files
 * repeat them, and the per-frame one is the more specific). Classic multi-frame objects (cine, NM) have no groups:
 * their top-level orientation holds for every frame, but their single Image Position cannot place more than one
 * frame, so it is used only for single-frame objects.
 */
final class FunctionalGroups {
    private FunctionalGroups() {
    }

    static List<SliceAttributes> resolve(Attributes ds, int frames) {
        List<Attributes> sharedItems = ds.getSequence(Tags.SharedFunctionalGroupsSequence);
        Attributes shared = sharedItems.isEmpty() ? null : sharedItems.get(0);
        List<Attributes> perFrame = ds.getSequence(Tags.PerFrameFunctionalGroupsSequence);
        List<SliceAttributes> out = new ArrayList<>(frames);
        SliceAttributes previous = null;
        for (int f = 0; f < frames; f++) {
            Attributes own = f < perFrame.size() ? perFrame.get(f) : null;
            SliceAttributes a = frame(ds, shared, own, frames);
            // Frames without per-frame groups resolve identically; sharing one record keeps big files small in memory.
            out.add(a.equals(previous) ? previous : a);
            previous = out.get(f);
        }
        return out;
    }

    private static SliceAttributes frame(Attributes ds, Attributes shared, Attributes own, int frames) {
        Attributes position = macro(own, shared, Tags.PlanePositionSequence);
        Attributes orientation = macro(own, shared, Tags.PlaneOrientationSequence);
        Attributes measures = macro(own, shared, Tags.PixelMeasuresSequence);
        Attributes voi = macro(own, shared, Tags.FrameVOILUTSequence);
        Attributes values = macro(own, shared, Tags.PixelValueTransformationSequence);
        Vector3 ipp = position != null ? Vector3.of(position.getDoubles(Tags.ImagePositionPatient))
                : frames == 1 ? Vector3.of(ds.getDoubles(Tags.ImagePositionPatient)) : null;
        Orientation iop = Orientation.of((orientation != null ? orientation : ds)
                .getDoubles(Tags.ImageOrientationPatient));
        Attributes m = measures != null ? measures : ds;
        PixelSpacing spacing = PixelSpacing.of(m.getDoubles(Tags.PixelSpacing));
        double thickness = m.getDouble(Tags.SliceThickness, Double.NaN);
        Attributes v = voi != null ? voi : ds;
        return new SliceAttributes(ipp, iop, spacing, thickness > 0 && Double.isFinite(thickness) ? thickness : null,
                rescale(values != null ? values : ds), windows(v), v.getString(Tags.VOILUTFunction));
    }

    private static Attributes macro(Attributes own, Attributes shared, int sequenceTag) {
        for (Attributes group : new Attributes[] {own, shared}) {
            if (group != null) {
                List<Attributes> items = group.getSequence(sequenceTag);
                if (!items.isEmpty()) {
                    return items.get(0);
                }
            }
        }
        return null;
    }

    /** A slope without an intercept (or the reverse) breaks PS3.3 but means what it says; unparsable means identity. */
    static Rescale rescale(Attributes a) {
        double slope = a.getDouble(Tags.RescaleSlope, 1);
        double intercept = a.getDouble(Tags.RescaleIntercept, 0);
        String type = a.getString(Tags.RescaleType);
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            return Rescale.IDENTITY;
        }
        return slope == 1 && intercept == 0 && type == null ? Rescale.IDENTITY : new Rescale(slope, intercept, type);
    }

    /** Pairs Window Center with Window Width value by value; pairs that are unusable are left out, not fatal. */
    static List<VoiWindow> windows(Attributes a) {
        double[] centers = a.getDoubles(Tags.WindowCenter);
        double[] widths = a.getDoubles(Tags.WindowWidth);
        String[] explanations = a.getStrings(Tags.WindowCenterWidthExplanation);
        int n = Math.min(centers.length, widths.length);
        List<VoiWindow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(centers[i]) && Double.isFinite(widths[i]) && widths[i] > 0) {
                String why = i < explanations.length && !explanations[i].isEmpty() ? explanations[i] : null;
                out.add(new VoiWindow(centers[i], widths[i], why));
            }
        }
        return out;
    }
}
