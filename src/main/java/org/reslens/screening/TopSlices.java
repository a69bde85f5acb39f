package org.reslens.screening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reslens.imaging.GridMapping;
import org.reslens.inference.FeatureMap;
import org.reslens.study.Slice;

/**
 * The {@code k} highest-scoring slices seen so far, highest first (ties: earlier slice first), each with what its key
 * image needs later (the grid mapping, and for the first the feature map for Grad-CAM); everything else about a slice
 * is dropped as soon as it is scored, so a stack of any length costs the same.
 *
 * <p>Only the first slice keeps its feature map: a study's key image is the first of its stacks' first slices (the
 * same {@link #ORDER} throughout), and nothing else draws a heatmap. The inference loop asks {@link #wouldLead} before
 * copying a map out of the model's output, so most slices never get one.
 */
final class TopSlices {
    /** A scored slice worth keeping. */
    record Scored(StackJob stack, int index, Slice slice, String sopClassUid, double probability,
                  GridMapping mapping, FeatureMap features) {
        Scored withoutFeatures() {
            return features == null ? this : new Scored(stack, index, slice, sopClassUid, probability, mapping, null);
        }
    }

    static final Comparator<Scored> ORDER = Comparator.comparingDouble(Scored::probability).reversed()
            .thenComparingInt(s -> s.stack().order())
            .thenComparingInt(Scored::index);

    private final int k;
    private final List<Scored> best = new ArrayList<>();

    TopSlices(int k) {
        this.k = k;
    }

    synchronized void offer(Scored s) {
        if (best.size() == k && ORDER.compare(s, best.get(k - 1)) >= 0) {
            return;
        }
        int at = 0;
        while (at < best.size() && ORDER.compare(best.get(at), s) <= 0) {
            at++;
        }
        if (at == 0 && !best.isEmpty()) {
            best.set(0, best.get(0).withoutFeatures());
        }
        best.add(at, at == 0 ? s : s.withoutFeatures());
        if (best.size() > k) {
            best.remove(k);
        }
    }

    /**
     * True when slice {@code index} of {@code stack} with this probability would now go first. The list only gets
     * better, so a slice that would not go first now never will: its feature map is not needed.
     */
    synchronized boolean wouldLead(StackJob stack, int index, double probability) {
        return best.isEmpty() || ORDER.compare(new Scored(stack, index, null, null, probability, null, null),
                best.get(0)) < 0;
    }

    /** Forgets the slices (their feature maps are the bulk of a finished stack). */
    synchronized void clear() {
        best.clear();
    }

    synchronized List<Scored> list() {
        return List.copyOf(best);
    }

    /** The union of several lists, best {@code k}. */
    static List<Scored> merge(List<List<Scored>> lists, int k) {
        List<Scored> all = new ArrayList<>();
        lists.forEach(all::addAll);
        all.sort(ORDER);
        return all.size() <= k ? all : List.copyOf(all.subList(0, k));
    }
}
