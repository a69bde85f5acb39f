package org.reslens.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an evaluation: every slice's result, every failure, and the metrics overall, for the goal band and
 * per size and contrast band.
 *
 * @param listedRows the list's data rows, usable or not
 * @param notes      things worth knowing that did not stop a slice (e.g. "Pixel Spacing missing: 1 mm assumed"),
 *                   each with the number of slices it concerns
 * @param seconds    wall-clock time of the run (reading, preprocessing, model, Grad-CAM, metrics)
 */
public record EvaluationReport(String modelName, String modelSha256, int explainedClass, String explainedClassName,
                               int listedRows, List<SliceResult> results, List<SliceFailure> failures,
                               Map<String, Integer> notes, BandMetrics all, BandMetrics goal,
                               List<BandMetrics> bySize, List<BandMetrics> byContrast, double seconds) {
    public EvaluationReport {
        results = List.copyOf(results);
        failures = List.copyOf(failures);
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
        bySize = List.copyOf(bySize);
        byContrast = List.copyOf(byContrast);
        if (all == null || goal == null || modelName == null || explainedClassName == null) {
            throw new IllegalArgumentException("report needs the model and the overall metrics");
        }
    }

    public int lesionSlices() {
        return (int) results.stream().filter(r -> r.slice().lesion()).count();
    }

    public int normalSlices() {
        return results.size() - lesionSlices();
    }

    public double slicesPerSecond() {
        return seconds > 0 ? results.size() / seconds : 0;
    }
}
