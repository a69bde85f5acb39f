package org.reslens.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits the images of one series into displayable stacks: slices go together only when they have the same Rows and
 * Columns, the same orientation (within a tolerance), the same acquisition (Echo Numbers, localizer or not) and,
 * for multi-frame objects, the same instance. Each stack is then ordered by {@link SliceSorter}.
 */
final class StackBuilder {
    private StackBuilder() {
    }

    /** What must be equal for two slices to share a stack; orientation is compared separately, with a tolerance. */
    private record Key(String instance, int rows, int columns, boolean localizer, String echo) {
    }

    private static final class Bucket {
        final Key key;
        final Orientation orientation;
        final List<SliceSorter.Candidate> candidates = new ArrayList<>();
        int skippedDuplicates;

        Bucket(Key key, Orientation orientation) {
            this.key = key;
            this.orientation = orientation;
        }
    }

    static List<Stack> build(List<InstanceHeader> images, IndexOptions options) {
        List<Bucket> buckets = new ArrayList<>();
        Map<String, Bucket> firstCopy = new HashMap<>();
        for (InstanceHeader h : images) {
            Bucket kept = h.sopInstanceUid() == null ? null : firstCopy.get(h.sopInstanceUid());
            if (kept != null) {
                kept.skippedDuplicates++;
                continue;
            }
            Key key = new Key(h.multiFrame() ? h.location().toString() : null, h.rows(), h.columns(), h.localizer(),
                    h.echo());
            for (int f = 0; f < h.frames().size(); f++) {
                SliceAttributes a = h.frames().get(f);
                Slice slice = new Slice(h.location(), f + 1, h.sopInstanceUid(), h.instanceNumber(), a);
                Bucket b = bucket(buckets, key, a.orientation(), options.orientationTolerance());
                b.candidates.add(new SliceSorter.Candidate(slice, h));
                if (f == 0 && h.sopInstanceUid() != null) {
                    firstCopy.put(h.sopInstanceUid(), b);
                }
            }
        }
        List<Stack> stacks = new ArrayList<>();
        for (Bucket b : buckets) {
            stacks.add(stack(b, buckets, options));
        }
        stacks.sort(Comparator.comparing(StackBuilder::firstInstanceNumber, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(s -> s.slices().get(0).location().toString())
                .thenComparingInt(s -> s.slices().get(0).frameNumber()));
        return stacks;
    }

    private static Integer firstInstanceNumber(Stack s) {
        return s.slices().stream().map(Slice::instanceNumber).filter(Objects::nonNull).min(Integer::compare)
                .orElse(null);
    }

    private static Bucket bucket(List<Bucket> buckets, Key key, Orientation o, double tolerance) {
        for (Bucket b : buckets) {
            if (b.key.equals(key) && (b.orientation == null ? o == null : o != null && b.orientation.matches(o,
                    tolerance))) {
                return b;
            }
        }
        Bucket b = new Bucket(key, o);
        buckets.add(b);
        return b;
    }

    private static Stack stack(Bucket b, List<Bucket> all, IndexOptions options) {
        boolean multiFrame = b.key.instance() != null;
        SliceSorter.Result r = SliceSorter.sort(b.candidates, b.orientation, multiFrame, options.positionTolerance());
        List<StackWarning> warnings = new ArrayList<>(r.warnings());
        if (b.skippedDuplicates > 0) {
            warnings.add(new StackWarning(StackWarning.Kind.DUPLICATE_INSTANCE, b.skippedDuplicates
                    + " further cop" + (b.skippedDuplicates == 1 ? "y" : "ies")
                    + " of instances in this stack were found and left out"));
        }
        long undecodable = b.candidates.stream().filter(c -> !c.instance().decodable())
                .map(c -> c.slice().location()).distinct().count();
        if (undecodable > 0) {
            warnings.add(new StackWarning(StackWarning.Kind.UNSUPPORTED_TRANSFER_SYNTAX, undecodable
                    + " file(s) use a transfer syntax ResLens cannot decode; their slices will not display"));
        }
        return new Stack(label(b, all), b.key.rows(), b.key.columns(), b.key.localizer(), multiFrame, b.orientation,
                r.orderedBy(), r.spacing(), warnings, r.slices());
    }

    /** Names the plane, then only what tells this stack apart from the series' others. */
    private static String label(Bucket b, List<Bucket> all) {
        StringBuilder sb = new StringBuilder(b.orientation == null ? "image" : b.orientation.plane().label());
        if (b.key.localizer()) {
            sb.append(" localizer");
        }
        boolean echoes = all.stream().map(x -> x.key.echo()).distinct().count() > 1;
        if (echoes && b.key.echo() != null) {
            sb.append(", echo ").append(b.key.echo());
        }
        boolean sizes = all.stream().map(x -> x.key.rows() + "x" + x.key.columns()).distinct().count() > 1;
        if (sizes) {
            sb.append(", ").append(b.key.columns()).append('x').append(b.key.rows());
        }
        if (b.key.instance() != null) {
            sb.append(", multi-frame");
        }
        return sb.toString();
    }
}
