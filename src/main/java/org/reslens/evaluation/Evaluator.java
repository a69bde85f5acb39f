package org.reslens.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;
import org.reslens.explain.ExplainException;
import org.reslens.explain.Explainer;
import org.reslens.explain.Explanation;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorBuilder;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.study.PixelSpacing;

/**
 * Runs a labelled list through the pipeline the viewer and the screening use: the DICOM reader, the bundle's
 * {@link TensorBuilder}, the shared {@link ModelSession} in batches and {@link Explainer} (exact Grad-CAM of the
 * bundle's explained class, normalised per image), then scores every slice and computes the band metrics. Workers on
 * the injected executor read, decode and preprocess the next chunk of slices while the model runs on this one, in
 * batches of {@link EvaluationOptions#batchSize()}. A problem with
 * one slice becomes a {@link SliceFailure}; the run goes on.
 */
public final class Evaluator {
    private static final PixelSpacing ONE_MM = new PixelSpacing(1, 1);
    /** Slices prepared ahead of the model, at least: enough to keep the workers busy however small the batch. */
    static final int READ_AHEAD = 32;

    private final ModelSession session;
    private final ModelBundle bundle;
    private final Explainer explainer;
    private final TensorBuilder builder;
    private final EvaluationOptions options;
    private final Executor workers;

    public Evaluator(ModelSession session, EvaluationOptions options, Executor workers) {
        if (session == null || options == null || workers == null) {
            throw new IllegalArgumentException("session, options and executor required");
        }
        this.session = session;
        this.bundle = session.bundle();
        this.explainer = new Explainer(session);
        this.builder = new TensorBuilder(bundle.preprocessing());
        this.options = options;
        this.workers = workers;
    }

    /** Evaluates every usable row of the list; never throws for a bad row or slice. */
    public EvaluationReport run(LabelList list, EvaluationListener listener) {
        long t0 = System.nanoTime();
        List<LabelledSlice> rows = list.slices();
        List<SliceResult> results = new ArrayList<>(rows.size());
        List<SliceFailure> failures = new ArrayList<>(list.problems());
        Map<String, Integer> notes = new LinkedHashMap<>();
        int chunk = Math.max(options.batchSize(), READ_AHEAD);
        List<CompletableFuture<Prepared>> next = submit(rows, 0, chunk);
        for (int from = 0; from < rows.size(); from += chunk) {
            List<CompletableFuture<Prepared>> current = next;
            next = submit(rows, from + chunk, chunk);
            List<Prepared> ready = new ArrayList<>(current.size());
            for (CompletableFuture<Prepared> f : current) {
                ready.add(f.join());
            }
            evaluate(ready, results, failures, notes);
            listener.progress(list.problems().size() + from + current.size(), list.rows());
        }
        failures.sort(Comparator.comparingInt(SliceFailure::line));
        int cls = bundle.explainedClass();
        BandMetrics all = BandMetrics.of(Band.ALL, results, options);
        BandMetrics goal = BandMetrics.of(Band.GOAL, results, options);
        List<BandMetrics> bySize = options.sizeBands().stream().map(b -> BandMetrics.of(b, results, options)).toList();
        List<BandMetrics> byContrast = options.contrastBands().stream().map(b -> BandMetrics.of(b, results, options))
                .toList();
        return new EvaluationReport(bundle.name(), bundle.sha256(), cls, bundle.postprocessing().classNames().get(cls),
                list.rows(), results, failures, notes, all, goal, bySize, byContrast,
                (System.nanoTime() - t0) / 1e9);
    }

    private List<CompletableFuture<Prepared>> submit(List<LabelledSlice> rows, int from, int count) {
        List<CompletableFuture<Prepared>> out = new ArrayList<>();
        for (int i = from; i < Math.min(rows.size(), from + count); i++) {
            LabelledSlice s = rows.get(i);
            out.add(CompletableFuture.supplyAsync(() -> prepare(s), workers));
        }
        return out;
    }

    /** What a worker hands over: the model input, the geometry and mask for scoring, or the failure. */
    private record Prepared(LabelledSlice slice, ModelInput input, PixelSpacing spacing, LesionMask mask,
                            List<String> notes, SliceFailure failure) {
    }

    private Prepared prepare(LabelledSlice s) {
        SliceFailure.Stage stage = SliceFailure.Stage.READ;
        try {
            DicomFile df = DicomFile.open(s.file());
            if (s.frame() >= df.frameCount()) {
                return failed(s, stage, "NO_SUCH_FRAME", "frame " + s.frame() + " asked for, the file has "
                        + df.frameCount());
            }
            Attributes ds = df.dataset();
            stage = SliceFailure.Stage.PREPARE;
            List<String> notes = new ArrayList<>(bundle.accepts().check(ds.getString(Tags.Modality),
                    ds.getString(Tags.BodyPartExamined)));
            stage = SliceFailure.Stage.READ;
            PixelFrame frame = df.readFrame(s.frame());
            stage = SliceFailure.Stage.PREPARE;
            ModelInput input = builder.build(frame, ImageTransforms.read(df, s.frame()).modality());
            PixelSpacing spacing = spacing(ds, s.frame());
            if (spacing == null) {
                notes.add("Pixel Spacing missing or invalid: 1 mm per pixel assumed for the pointing tolerance");
                spacing = ONE_MM;
            }
            LesionMask mask = null;
            if (s.lesion() && s.mask().isPresent()) {
                stage = SliceFailure.Stage.MASK;
                mask = MaskPng.read(s.mask().get(), frame.columns(), frame.rows());
            } else if (s.lesion()) {
                notes.add("lesion slice without a mask: in AUC and sensitivity, not in the pointing game or mass");
            }
            return new Prepared(s, input, spacing, mask, notes, null);
        } catch (DicomException e) {
            return failed(s, stage, e.kind().name(), e.detailMessage());
        } catch (InferenceException e) {
            return failed(s, stage, e.reason().name(), e.getMessage());
        } catch (ImagingException e) {
            return failed(s, stage, e.reason().name(), e.getMessage());
        } catch (EvaluationException e) {
            return failed(s, stage, e.reason().name(), e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // A reader or pipeline bug, or a frame too large for the heap, costs this slice only.
            return failed(s, stage, "UNEXPECTED", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Prepared failed(LabelledSlice s, SliceFailure.Stage stage, String kind, String message) {
        return new Prepared(s, null, null, null, List.of(),
                new SliceFailure(s.line(), s.listed(), stage, kind, message == null ? "" : message));
    }

    /**
     * Pixel Spacing of the frame: its Pixel Measures macro (per-frame, then shared functional groups), else the
     * top-level attribute; null when none is usable.
     */
    static PixelSpacing spacing(Attributes ds, int frame) {
        List<Attributes> perFrame = ds.getSequence(Tags.PerFrameFunctionalGroupsSequence);
        List<Attributes> shared = ds.getSequence(Tags.SharedFunctionalGroupsSequence);
        List<Attributes> places = new ArrayList<>();
        if (frame < perFrame.size()) {
            places.addAll(perFrame.get(frame).getSequence(Tags.PixelMeasuresSequence));
        }
        if (!shared.isEmpty()) {
            places.addAll(shared.get(0).getSequence(Tags.PixelMeasuresSequence));
        }
        places.add(ds);
        for (Attributes a : places) {
            double[] v = a.getDoubles(Tags.PixelSpacing);
            if (v != null && v.length == 2 && v[0] > 0 && v[1] > 0 && Double.isFinite(v[0]) && Double.isFinite(v[1])) {
                return new PixelSpacing(v[0], v[1]);
            }
        }
        return null;
    }

    private void evaluate(List<Prepared> ready, List<SliceResult> results, List<SliceFailure> failures,
                          Map<String, Integer> notes) {
        List<Prepared> ok = new ArrayList<>();
        for (Prepared p : ready) {
            if (p.failure() != null) {
                failures.add(p.failure());
            } else {
                ok.add(p);
                p.notes().forEach(n -> notes.merge(n, 1, Integer::sum));
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        List<Explanation> explained;
        try {
            explained = explain(ok);
        } catch (InferenceException | ExplainException | RuntimeException e) {
            // One slice may have spoiled the batch: retry one by one so that only it fails.
            for (Prepared p : ok) {
                try {
                    results.add(score(p, explain(List.of(p)).get(0), notes));
                } catch (InferenceException ie) {
                    failures.add(inferFailure(p, ie.reason().name(), ie.getMessage()));
                } catch (ExplainException ee) {
                    failures.add(inferFailure(p, ee.reason().name(), ee.getMessage()));
                } catch (RuntimeException re) {
                    failures.add(inferFailure(p, "UNEXPECTED", re.getClass().getSimpleName() + ": "
                            + re.getMessage()));
                }
            }
            return;
        }
        for (int i = 0; i < ok.size(); i++) {
            results.add(score(ok.get(i), explained.get(i), notes));
        }
    }

    private List<Explanation> explain(List<Prepared> batch) throws InferenceException, ExplainException {
        List<ModelInput> inputs = batch.stream().map(Prepared::input).toList();
        return explainer.explainAll(inputs, options.batchSize(), OptionalInt.empty(), Normalisation.perImage(),
                () -> false);
    }

    private static SliceFailure inferFailure(Prepared p, String kind, String message) {
        return new SliceFailure(p.slice().line(), p.slice().listed(), SliceFailure.Stage.INFER, kind,
                message == null ? "" : message);
    }

    private SliceResult score(Prepared p, Explanation ex, Map<String, Integer> notes) {
        double score = Scores.logOdds(ex.prediction().logits(), bundle.postprocessing().activation(),
                ex.explainedClass());
        if (ex.heatmap().isEmpty()) {
            notes.merge("no heatmap: " + ex.unavailableReason().orElse(""), 1, Integer::sum);
            return new SliceResult(p.slice(), ex.probability(), score, Optional.empty(),
                    Optional.empty());
        }
        Heatmap h = ex.heatmap().get();
        Optional<Localisation> loc = p.mask() == null ? Optional.empty()
                : Optional.of(Localisation.of(h, p.input().mapping(), p.mask(), p.spacing()));
        return new SliceResult(p.slice(), ex.probability(), score,
                Optional.of(loc.map(Localisation::peak).orElseGet(() -> Peak.of(h, p.input().mapping()))),
                loc);
    }

    /** The session the evaluation runs on. */
    public ModelSession session() {
        return session;
    }
}
