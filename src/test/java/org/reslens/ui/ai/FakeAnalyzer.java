package org.reslens.ui.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.reslens.explain.CamMap;
import org.reslens.imaging.GridMapping;
import org.reslens.ui.series.StackRef;

/** Scores slice i with {@code probabilities[i % length]} and a 2x2 map hot in the top-left, without ONNX Runtime. */
public final class FakeAnalyzer implements Analyzer {
    final double[] probabilities;
    final List<String> runs = new ArrayList<>();
    int stopAfter = Integer.MAX_VALUE;

    public FakeAnalyzer(double... probabilities) {
        this.probabilities = probabilities;
    }

    @Override
    public List<String> analyse(ModelEntry model, StackRef stack, Listener listener, BooleanSupplier cancelled)
            throws AnalysisException {
        runs.add(stack.key());
        for (int i = 0; i < stack.size(); i++) {
            if (cancelled.getAsBoolean() || i >= stopAfter) {
                throw new AnalysisException("Cancelled after " + i + " of " + stack.size() + " slices", true);
            }
            CamMap cam = new CamMap(2, 2, new float[] {4, 1, 1, 0}, 1);
            GridMapping grid = new GridMapping(stack.stack().columns(), stack.stack().rows(), 4, 4,
                    stack.stack().columns() / 4.0, stack.stack().columns() / 8.0 - 0.5, stack.stack().rows() / 4.0,
                    stack.stack().rows() / 8.0 - 0.5, 0, 0, 0, 0);
            listener.sliceDone(i, new SliceScore(probabilities[i % probabilities.length], cam, grid));
        }
        return List.of("note from the fake");
    }

    @Override
    public void close() {
    }
}
