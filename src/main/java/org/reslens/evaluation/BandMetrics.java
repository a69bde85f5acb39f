package org.reslens.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one band: its lesion slices against all normal slices. Undefined values are NaN (no lesion in the
 * band, no normal slice, or no localised lesion).
 *
 * @param thresholdProbability the probability at the sensitivity's threshold (a normal slice's probability)
 * @param pointingGame         tolerance in mm -> fraction of localised lesion slices that are hits
 * @param localisedSlices      lesion slices with a mask and a heatmap (pointing game and mass are over these)
 */
public record BandMetrics(Band band, int lesionSlices, int normalSlices, double rocAuc, double sensitivity,
                          double thresholdProbability, Map<Double, Double> pointingGame, double heatmapMassInMask,
                          int localisedSlices) {
    public BandMetrics {
        if (band == null || pointingGame == null) {
            throw new IllegalArgumentException("band and pointing game required");
        }
        pointingGame = Collections.unmodifiableMap(new LinkedHashMap<>(pointingGame));
    }

    public static BandMetrics of(Band band, List<SliceResult> results, EvaluationOptions options) {
        List<SliceResult> lesions = new ArrayList<>();
        List<SliceResult> normals = new ArrayList<>();
        for (SliceResult r : results) {
            if (!r.slice().lesion()) {
                normals.add(r);
            } else if (band.containsLesion(r.slice())) {
                lesions.add(r);
            }
        }
        double[] pos = lesions.stream().mapToDouble(SliceResult::score).toArray();
        double[] neg = normals.stream().mapToDouble(SliceResult::score).toArray();
        Metrics.OperatingPoint op = Metrics.atSpecificity(pos, neg, options.specificity());
        double thresholdProbability = Double.NaN;
        if (op.negativeIndex() >= 0) {
            List<SliceResult> sorted = new ArrayList<>(normals);
            sorted.sort(Comparator.comparingDouble(SliceResult::score));
            thresholdProbability = sorted.get(op.negativeIndex()).probability();
        }
        List<Localisation> localised = lesions.stream().flatMap(r -> r.localisation().stream()).toList();
        Map<Double, Double> pointing = new LinkedHashMap<>();
        for (double t : options.tolerancesMm()) {
            long hits = localised.stream().filter(l -> l.hit(t)).count();
            pointing.put(t, localised.isEmpty() ? Double.NaN : (double) hits / localised.size());
        }
        double mass = localised.isEmpty() ? Double.NaN
                : localised.stream().mapToDouble(Localisation::massInMask).sum() / localised.size();
        return new BandMetrics(band, lesions.size(), normals.size(), Metrics.rocAuc(pos, neg), op.sensitivity(),
                thresholdProbability, pointing, mass, localised.size());
    }
}
