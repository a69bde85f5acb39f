package org.reslens.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts a stack's slices in display order and checks their spacing. Order: the projection of Image Position
 * (Patient) on the slice normal when every slice has a position (so file names, Instance Numbers and tilted gantries
 * do not matter), else Instance Number, else acquisition time, else file and frame order; ties keep Instance Number,
 * discovery and frame order, so the result never depends on thread timing.
 */
final class SliceSorter {
    /** A step this many times the spacing or more means slices are missing. */
    static final double GAP_FACTOR = 1.5;
    /** Steps may differ from the spacing by this fraction of it before they count as irregular. */
    static final double IRREGULAR_FRACTION = 0.02;
    /** Positions off the normal by more than this angle (degrees) make a stack sheared. */
    static final double SHEAR_DEGREES = 0.5;
    /** Warnings quote at most this many places. */
    private static final int EXAMPLES = 3;

    private SliceSorter() {
    }

    /** One slice with what ordering needs to know about the instance it came from. */
    record Candidate(Slice slice, InstanceHeader instance) {
    }

    record Result(List<Slice> slices, SliceOrder orderedBy, Double spacing, List<StackWarning> warnings) {
    }

    static Result sort(List<Candidate> input, Orientation orientation, boolean multiFrame, double positionTolerance) {
        List<Candidate> c = new ArrayList<>(input);
        Comparator<Candidate> tieBreak = Comparator
                .comparing((Candidate x) -> x.slice().instanceNumber(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(x -> x.instance().order())
                .thenComparingInt(x -> x.slice().frameNumber());
        List<StackWarning> warnings = new ArrayList<>();
        long withPosition = c.stream().filter(x -> x.slice().attributes().position() != null).count();
        if (orientation != null && withPosition == c.size()) {
            Vector3 normal = orientation.normal();
            c.sort(Comparator.comparingDouble((Candidate x) -> project(x, normal)).thenComparing(tieBreak));
            double[] along = c.stream().mapToDouble(x -> project(x, normal)).toArray();
            Double spacing = spacing(along, positionTolerance, warnings);
            shear(c, normal, warnings);
            return new Result(slices(c), SliceOrder.IMAGE_POSITION, spacing, warnings);
        }
        if (withPosition > 0 && c.size() > 1) {
            warnings.add(new StackWarning(StackWarning.Kind.INCOMPLETE_GEOMETRY, withPosition + " of " + c.size()
                    + " slices have Image Position (Patient)"
                    + (orientation == null ? " but the stack has no usable orientation" : "")
                    + "; positions were not used for ordering"));
        }
        SliceOrder order;
        if (multiFrame) {
            // Frames of one object without positions are in acquisition order as stored; nothing else can be better.
            order = SliceOrder.FILE_ORDER;
            c.sort(Comparator.comparingInt(x -> x.slice().frameNumber()));
        } else if (c.stream().allMatch(x -> x.slice().instanceNumber() != null)) {
            order = SliceOrder.INSTANCE_NUMBER;
            c.sort(tieBreak);
        } else if (c.stream().allMatch(x -> x.instance().acquisitionSeconds() != null)) {
            order = SliceOrder.ACQUISITION_TIME;
            c.sort(Comparator.comparingDouble((Candidate x) -> x.instance().acquisitionSeconds()).thenComparing(tieBreak));
        } else {
            order = SliceOrder.FILE_ORDER;
            c.sort(Comparator.comparing((Candidate x) -> x.instance().order())
                    .thenComparingInt(x -> x.slice().frameNumber()));
        }
        return new Result(slices(c), order, null, warnings);
    }

    private static double project(Candidate c, Vector3 normal) {
        return c.slice().attributes().position().dot(normal);
    }

    private static List<Slice> slices(List<Candidate> c) {
        return c.stream().map(Candidate::slice).toList();
    }

    /** The median step between distinct positions; duplicates, gaps and irregular steps become warnings. */
    static Double spacing(double[] along, double tolerance, List<StackWarning> warnings) {
        int n = along.length;
        double[] steps = new double[Math.max(0, n - 1)];
        List<String> duplicates = new ArrayList<>();
        int distinct = 0;
        for (int i = 0; i + 1 < n; i++) {
            steps[i] = along[i + 1] - along[i];
            if (steps[i] <= tolerance) {
                duplicates.add(String.format(Locale.ROOT, "slices %d and %d at %s mm", i + 1, i + 2, mm(along[i])));
            } else {
                distinct++;
            }
        }
        if (!duplicates.isEmpty()) {
            warnings.add(new StackWarning(StackWarning.Kind.DUPLICATE_POSITION, duplicates.size()
                    + " pair(s) of neighbouring slices share a position: " + examples(duplicates)));
        }
        if (distinct == 0) {
            return null;
        }
        double[] real = Arrays.stream(steps).filter(s -> s > tolerance).sorted().toArray();
        double spacing = real.length % 2 == 1 ? real[real.length / 2]
                : (real[real.length / 2 - 1] + real[real.length / 2]) / 2;
        List<String> gaps = new ArrayList<>();
        List<String> irregular = new ArrayList<>();
        double allowed = Math.max(tolerance, IRREGULAR_FRACTION * spacing);
        for (int i = 0; i < steps.length; i++) {
            double s = steps[i];
            if (s <= tolerance) {
                continue;
            }
            String where = String.format(Locale.ROOT, "%s mm between slices %d and %d", mm(s), i + 1, i + 2);
            if (s >= GAP_FACTOR * spacing) {
                long missing = Math.max(1, Math.round(s / spacing) - 1);
                gaps.add(where + " (about " + missing + " missing)");
            } else if (Math.abs(s - spacing) > allowed) {
                irregular.add(where);
            }
        }
        String of = " (spacing " + mm(spacing) + " mm): ";
        if (!gaps.isEmpty()) {
            warnings.add(new StackWarning(StackWarning.Kind.GAP, gaps.size() + " gap(s)" + of + examples(gaps)));
        }
        if (!irregular.isEmpty()) {
            warnings.add(new StackWarning(StackWarning.Kind.IRREGULAR_SPACING, irregular.size()
                    + " irregular step(s)" + of + examples(irregular)));
        }
        return spacing;
    }

    /** A stack whose positions do not advance along its normal is sheared: a tilted gantry, typically. */
    private static void shear(List<Candidate> sorted, Vector3 normal, List<StackWarning> warnings) {
        Vector3 first = sorted.get(0).slice().attributes().position();
        Vector3 last = sorted.get(sorted.size() - 1).slice().attributes().position();
        Vector3 travel = last.minus(first);
        double length = travel.length();
        if (length == 0) {
            return;
        }
        double cos = Math.min(1, Math.abs(travel.dot(normal)) / length);
        double degrees = Math.toDegrees(Math.acos(cos));
        if (degrees > SHEAR_DEGREES) {
            warnings.add(new StackWarning(StackWarning.Kind.SHEARED, String.format(Locale.ROOT,
                    "slice positions advance %.1f degrees off the slice normal (gantry tilt or shear);"
                            + " 3D and MPR views must correct for it", degrees)));
        }
    }

    private static String examples(List<String> items) {
        String shown = String.join("; ", items.subList(0, Math.min(EXAMPLES, items.size())));
        return items.size() > EXAMPLES ? shown + "; ..." : shown;
    }

    /** Millimetres with up to three decimals and no trailing zeros. */
    static String mm(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
