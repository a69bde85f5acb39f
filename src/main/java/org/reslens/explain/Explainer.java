package org.reslens.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.reslens.imaging.ModelInput;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Prediction;

/**
 * Prediction plus Grad-CAM in one call, over a shared {@link ModelSession}; what the viewer and the CLI use. A model
 * without an exact-Grad-CAM head still predicts: the explanation then says why there is no map.
 */
public final class Explainer {
    private final ModelSession session;
    private final GradCam gradCam;
    private final String unsupported;

    public Explainer(ModelSession session) {
        this.session = session;
        GradCam g = null;
        String why = null;
        try {
            g = GradCam.forBundle(session.bundle());
        } catch (ExplainException e) {
            why = e.getMessage();
        }
        this.gradCam = g;
        this.unsupported = why;
    }

    public ModelSession session() {
        return session;
    }

    /** Grad-CAM, or empty with {@link #unavailableReason()} when the head allows none. */
    public Optional<GradCam> gradCam() {
        return Optional.ofNullable(gradCam);
    }

    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unsupported);
    }

    /** Runs the model and explains {@code explainedClass} (empty: the bundle's explained class). */
    public Explanation explain(ModelInput input, OptionalInt explainedClass, Normalisation normalisation)
            throws InferenceException, ExplainException {
        return explainAll(List.of(input), 1, explainedClass, normalisation, () -> false).get(0);
    }

    /**
     * Runs many slices in batches ({@link ModelSession#predictAll}, cancellable between batches) and explains each.
     * For one scale across a series, explain with {@link Normalisation#perImage()}, calibrate on the explanations'
     * {@link Explanation#cam() raw maps} and redo the heatmaps with {@link GradCam#heatmap}: cheap, no second run.
     */
    public List<Explanation> explainAll(List<ModelInput> inputs, int batchSize, OptionalInt explainedClass,
                                        Normalisation normalisation, BooleanSupplier cancelled)
            throws InferenceException, ExplainException {
        int cls = explainedClass.orElse(session.bundle().explainedClass());
        int classes = session.bundle().postprocessing().classCount();
        if (cls < 0 || cls >= classes) {
            throw new ExplainException(ExplainException.Reason.INVALID_CLASS, "class " + cls + " is not one of the "
                    + "model's " + classes + " (" + String.join(", ", session.bundle().postprocessing().classNames())
                    + ")");
        }
        List<Prediction> predictions = session.predictAll(inputs, batchSize, gradCam != null, cancelled);
        List<Explanation> out = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            if (gradCam == null) {
                out.add(new Explanation(p, cls, Optional.empty(), Optional.empty(), Optional.of(unsupported)));
                continue;
            }
            ModelInput in = inputs.get(i);
            CamMap cam = gradCam.cam(p, cls);
            Heatmap h = GradCam.heatmap(cam, normalisation, in.shape().width(), in.shape().height());
            out.add(new Explanation(p, cls, Optional.of(cam), Optional.of(h), Optional.empty()));
        }
        return out;
    }
}
