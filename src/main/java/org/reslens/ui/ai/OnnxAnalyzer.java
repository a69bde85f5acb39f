package org.reslens.ui.ai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.reslens.dicom.DicomException;
import org.reslens.explain.ExplainException;
import org.reslens.explain.Explainer;
import org.reslens.explain.Explanation;
import org.reslens.explain.Normalisation;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorBuilder;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.RuntimeOptions;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.SeriesHeader;
import org.reslens.ui.series.StackRef;

/**
 * The real {@link Analyzer}: ONNX Runtime through {@link Explainer}, one forward pass per slice giving the
 * probabilities and the feature map for exact Grad-CAM. Slices are decoded through the shared {@link FrameStore} (so
 * the viewer's cache serves both) and run in batches of {@link #BATCH} when the model's batch dimension allows;
 * cancelling takes effect between batches. One session per model is kept open until {@link #close}.
 */
public final class OnnxAnalyzer implements Analyzer {
    static final int BATCH = 8;

    private final FrameStore store;
    private final RuntimeOptions options;
    private final Map<String, ModelSession> sessions = new HashMap<>();

    public OnnxAnalyzer(FrameStore store, RuntimeOptions options) {
        this.store = store;
        this.options = options;
    }

    @Override
    public List<String> analyse(ModelEntry model, StackRef stack, Listener listener, BooleanSupplier cancelled)
            throws AnalysisException {
        ModelBundle bundle = model.bundle();
        if (bundle == null) {
            throw new AnalysisException(model.name() + " cannot be used: " + model.problem(), false);
        }
        List<String> notes = new ArrayList<>();
        try {
            SeriesHeader header = SeriesHeader.read(stack);
            notes.addAll(bundle.accepts().check(stack.series().modality(), header.bodyPartExamined()));
        } catch (InferenceException e) {
            throw new AnalysisException(e.getMessage(), false);
        } catch (DicomException e) {
            throw new AnalysisException("The series cannot be read: " + e.userMessage(), false);
        }
        Explainer explainer;
        try {
            explainer = new Explainer(session(bundle));
        } catch (InferenceException e) {
            throw new AnalysisException(e.userMessage() + " (" + e.getMessage() + ")", false);
        }
        explainer.unavailableReason().ifPresent(r -> notes.add("No heatmap: " + r));
        TensorBuilder builder = new TensorBuilder(bundle.preprocessing());
        int n = stack.size();
        for (int from = 0; from < n; from += BATCH) {
            if (cancelled.getAsBoolean()) {
                throw new AnalysisException("Cancelled after " + from + " of " + n + " slices", true);
            }
            List<Integer> indices = new ArrayList<>();
            List<ModelInput> inputs = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                try {
                    FrameStore.Loaded l = store.load(stack.slice(i));
                    inputs.add(builder.build(l.frame(), l.transforms().modality()));
                    indices.add(i);
                } catch (DicomException e) {
                    listener.sliceFailed(i, e.userMessage());
                } catch (ImagingException e) {
                    listener.sliceFailed(i, e.userMessage());
                }
            }
            if (inputs.isEmpty()) {
                continue;
            }
            List<Explanation> out;
            try {
                out = explainer.explainAll(inputs, BATCH, OptionalInt.empty(), Normalisation.perImage(), cancelled);
            } catch (InferenceException e) {
                if (e.reason() == InferenceException.Reason.CANCELLED) {
                    throw new AnalysisException("Cancelled after " + from + " of " + n + " slices", true);
                }
                throw new AnalysisException(e.userMessage() + " (" + e.getMessage() + ")", false);
            } catch (ExplainException e) {
                throw new AnalysisException(e.userMessage() + " (" + e.getMessage() + ")", false);
            }
            for (int k = 0; k < out.size(); k++) {
                Explanation ex = out.get(k);
                double p = Math.max(0, Math.min(1, ex.probability()));
                boolean map = ex.cam().isPresent();
                listener.sliceDone(indices.get(k), new SliceScore(p, ex.cam().orElse(null),
                        map ? inputs.get(k).mapping() : null));
            }
        }
        return notes;
    }

    private synchronized ModelSession session(ModelBundle bundle) throws InferenceException {
        String key = bundle.modelFile().toAbsolutePath() + "#" + bundle.sha256();
        ModelSession s = sessions.get(key);
        if (s == null) {
            s = ModelSession.open(bundle, options);
            sessions.put(key, s);
        }
        return s;
    }

    @Override
    public synchronized void close() {
        for (ModelSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
    }
}
