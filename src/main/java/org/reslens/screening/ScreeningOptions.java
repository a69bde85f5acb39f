package org.reslens.screening;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One screening run, resolved once from the command line (or a UI form).
 *
 * @param inputs        files, folders, DICOMDIRs and zip archives
 * @param out           the only folder the run writes to; must not lie inside an input (nor hold one)
 * @param model         the model bundle folder
 * @param threshold     a study is flagged when its score is at least this
 * @param formats       report files to write (errors.csv is always written)
 * @param deidentify    PS3.15 basic-profile de-identification of every output, with stable pseudonyms
 * @param resume        skip studies already in {@code out}'s results with the same model hash
 * @param workers       threads that read, decode and prepare slices while the model runs
 * @param dicomResults  per flagged study a Secondary Capture of the key image with its heatmap and an SR with the score
 * @param aggregation   how slice probabilities become series and study scores
 * @param topSlices     how many of the highest-scoring slices each series and study keeps (and reports)
 * @param batchSize     slices per model run (1 when the model's batch dimension is fixed)
 * @param queueSlices   prepared slices allowed to wait for the model: bounds memory whatever the input size
 */
public record ScreeningOptions(List<Path> inputs, Path out, Path model, double threshold, Set<ReportFormat> formats,
                               boolean deidentify, boolean resume, int workers, boolean dicomResults,
                               Aggregation aggregation, int topSlices, int batchSize, int queueSlices) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int DEFAULT_BATCH = 8;
    public static final int DEFAULT_TOP_SLICES = 3;

    public ScreeningOptions {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one input is required");
        }
        if (out == null || model == null || aggregation == null) {
            throw new IllegalArgumentException("out, model and aggregation are required");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be within 0..1, got " + threshold);
        }
        formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers must be within 1..256, got " + workers);
        }
        if (topSlices < 1 || topSlices > 100) {
            throw new IllegalArgumentException("top slices must be within 1..100, got " + topSlices);
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new IllegalArgumentException("batch size must be within 1..1024, got " + batchSize);
        }
        if (queueSlices < batchSize) {
            throw new IllegalArgumentException("the queue must hold at least one batch (" + batchSize + ")");
        }
    }

    /** Every report format, threshold 0.5, maximum rule, 3 top slices, batches of 8, half the cores as workers. */
    public static ScreeningOptions defaults(List<Path> inputs, Path out, Path model) {
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ScreeningOptions(inputs, out, model, DEFAULT_THRESHOLD, EnumSet.allOf(ReportFormat.class), false,
                false, workers, false, Aggregation.max(), DEFAULT_TOP_SLICES, DEFAULT_BATCH,
                queueFor(DEFAULT_BATCH, workers));
    }

    /** Enough prepared slices to fill the next batch while the current one runs, plus one per worker. */
    static int queueFor(int batch, int workers) {
        return 2 * batch + workers;
    }

    public ScreeningOptions withThreshold(double t) {
        return new ScreeningOptions(inputs, out, model, t, formats, deidentify, resume, workers, dicomResults,
                aggregation, topSlices, batchSize, queueSlices);
    }

    public ScreeningOptions withFormats(Set<ReportFormat> f) {
        return new ScreeningOptions(inputs, out, model, threshold, f, deidentify, resume, workers, dicomResults,
                aggregation, topSlices, batchSize, queueSlices);
    }

    public ScreeningOptions withDeidentify(boolean d) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, d, resume, workers, dicomResults,
                aggregation, topSlices, batchSize, queueSlices);
    }

    public ScreeningOptions withResume(boolean r) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, r, workers, dicomResults,
                aggregation, topSlices, batchSize, queueSlices);
    }

    /** Also resizes the queue to {@link #queueFor}. */
    public ScreeningOptions withWorkers(int w) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, resume, w, dicomResults,
                aggregation, topSlices, batchSize, Math.max(batchSize, queueFor(batchSize, w)));
    }

    public ScreeningOptions withDicomResults(boolean d) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, resume, workers, d,
                aggregation, topSlices, batchSize, queueSlices);
    }

    public ScreeningOptions withAggregation(Aggregation a) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, resume, workers, dicomResults,
                a, topSlices, batchSize, queueSlices);
    }

    /** Also resizes the queue to {@link #queueFor}. */
    public ScreeningOptions withBatchSize(int b) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, resume, workers, dicomResults,
                aggregation, topSlices, b, Math.max(b, queueFor(b, workers)));
    }

    public ScreeningOptions withQueueSlices(int q) {
        return new ScreeningOptions(inputs, out, model, threshold, formats, deidentify, resume, workers, dicomResults,
                aggregation, topSlices, batchSize, q);
    }

    /** Slices each stack keeps: enough for the reports and for the aggregation rule. */
    int keptSlices() {
        return Math.max(topSlices, aggregation.needs());
    }
}
