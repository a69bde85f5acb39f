package org.reslens.ui.ai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.reslens.explain.CamMap;
import org.reslens.explain.Normalisation;

/**
 * A model's results over one stack, possibly still filling in: one score per slice (null until that slice is done,
 * or when it could not be analysed). Immutable; a running analysis publishes a new one per batch.
 *
 * @param seriesScale one Grad-CAM scale for all slices (the strongest map becomes 1), so a weak map stays faint next
 *                    to a strong one; null until complete
 * @param notes       what the reader should know: unchecked body part, slices that failed
 */
public record SeriesAnalysis(String stackKey, String studyUid, String modelName, String explainedClassName,
                             SliceScore[] slices, boolean complete, boolean cancelled,
                             Normalisation.Absolute seriesScale, List<String> notes) {
    public SeriesAnalysis {
        slices = slices.clone();
        notes = List.copyOf(notes);
    }

    public static SeriesAnalysis started(String stackKey, String studyUid, String modelName, String className,
                                         int size) {
        return new SeriesAnalysis(stackKey, studyUid, modelName, className, new SliceScore[size], false, false, null,
                List.of());
    }

    public SeriesAnalysis with(int index, SliceScore score) {
        SliceScore[] s = slices.clone();
        s[index] = score;
        return new SeriesAnalysis(stackKey, studyUid, modelName, explainedClassName, s, complete, cancelled,
                seriesScale, notes);
    }

    public SeriesAnalysis finished(boolean wasCancelled, List<String> moreNotes) {
        List<CamMap> cams = new ArrayList<>();
        for (SliceScore s : slices) {
            if (s != null && s.cam() != null) {
                cams.add(s.cam());
            }
        }
        Normalisation.Absolute scale = cams.isEmpty() ? null : Normalisation.calibrate(cams);
        List<String> n = new ArrayList<>(notes);
        n.addAll(moreNotes);
        return new SeriesAnalysis(stackKey, studyUid, modelName, explainedClassName, slices, !wasCancelled,
                wasCancelled, scale, n);
    }

    public int size() {
        return slices.length;
    }

    public SliceScore slice(int index) {
        return index >= 0 && index < slices.length ? slices[index] : null;
    }

    public int done() {
        return (int) Arrays.stream(slices).filter(s -> s != null).count();
    }

    /** The highest slice probability: how a series is ranked (one suspicious slice makes a suspicious series). */
    public double seriesScore() {
        double max = -1;
        for (SliceScore s : slices) {
            if (s != null) {
                max = Math.max(max, s.probability());
            }
        }
        return max;
    }

    /** The slice with the highest probability. */
    public OptionalInt peakSlice() {
        int best = -1;
        for (int i = 0; i < slices.length; i++) {
            if (slices[i] != null && (best < 0 || slices[i].probability() > slices[best].probability())) {
                best = i;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * The next slice from {@code from} in {@code direction} whose probability reaches {@code threshold}, wrapping
     * around the stack; empty when none does.
     */
    public OptionalInt nextSuspicious(int from, int direction, double threshold) {
        int n = slices.length;
        int d = direction >= 0 ? 1 : -1;
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(from + d * k, n);
            if (slices[i] != null && slices[i].probability() >= threshold) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public int suspiciousCount(double threshold) {
        int c = 0;
        for (SliceScore s : slices) {
            if (s != null && s.probability() >= threshold) {
                c++;
            }
        }
        return c;
    }
}
