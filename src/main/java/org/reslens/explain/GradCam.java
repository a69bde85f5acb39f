package org.reslens.explain;

import org.reslens.inference.CamHead;
import org.reslens.inference.FeatureMap;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.Prediction;

/**
 * Exact Grad-CAM for models whose head is global average pool -> linear, from one forward pass. For such a head the
 * gradient of the raw logit {@code y_c} with respect to the feature map is {@code W[c, k] / (H * W)} at every
 * position (Selvaraju et al., "Grad-CAM", section 3.1), so {@code alpha_k = W[c, k] / (H * W)} and
 * {@code cam = ReLU(sum_k alpha_k A_k)} need only the activations {@code A} and the weights, no backward pass.
 * The target is the raw logit of the explained class (pytorch-grad-cam's {@code ClassifierOutputTarget(c)}): explaining
 * class 1 of a two-class model uses {@code W[1]} alone, not {@code W[1] - W[0]}. Immutable and thread-safe.
 */
public final class GradCam {
    /** pytorch-grad-cam's guard against dividing by a zero maximum. */
    static final double EPSILON = 1e-7;

    private final CamHead.Linear head;

    private GradCam(CamHead.Linear head) {
        this.head = head;
    }

    /** Grad-CAM for a bundle; UNSUPPORTED_HEAD, naming the operator found, when its head is of another form. */
    public static GradCam forBundle(ModelBundle bundle) throws ExplainException {
        return forHead(bundle.camHead());
    }

    public static GradCam forHead(CamHead head) throws ExplainException {
        if (head instanceof CamHead.Linear l) {
            return new GradCam(l);
        }
        CamHead.Unsupported u = (CamHead.Unsupported) head;
        throw new ExplainException(ExplainException.Reason.UNSUPPORTED_HEAD, "exact Grad-CAM needs a global average"
                + " pool followed by a linear layer; found " + u.opFound() + ": " + u.detail());
    }

    /** The head as found in the graph, e.g. "GlobalAveragePool -> Flatten -> Gemm(transB=1)". */
    public String headForm() {
        return head.form();
    }

    /** {@code ReLU(sum_k W[c, k] / (H * W) * A_k)} on the feature grid. */
    public CamMap cam(Prediction prediction, int explainedClass) throws ExplainException {
        FeatureMap a = prediction.features().orElseThrow(() -> new ExplainException(
                ExplainException.Reason.NO_FEATURE_MAP, "the prediction was made without the feature map"));
        return cam(a, explainedClass);
    }

    public CamMap cam(FeatureMap a, int explainedClass) throws ExplainException {
        if (explainedClass < 0 || explainedClass >= head.classes()) {
            throw new ExplainException(ExplainException.Reason.INVALID_CLASS, "class " + explainedClass
                    + " is not one of the model's " + head.classes());
        }
        if (a.channels() != head.channels()) {
            throw new ExplainException(ExplainException.Reason.NO_FEATURE_MAP, "feature map has " + a.channels()
                    + " channels, the head " + head.channels());
        }
        int plane = a.height() * a.width();
        double[] acc = new double[plane];
        float[] v = a.values();
        double inv = 1.0 / plane;
        for (int k = 0; k < a.channels(); k++) {
            double alpha = head.weight(explainedClass, k) * inv;
            int base = k * plane;
            for (int i = 0; i < plane; i++) {
                acc[i] += alpha * v[base + i];
            }
        }
        float[] cam = new float[plane];
        for (int i = 0; i < plane; i++) {
            cam[i] = (float) Math.max(acc[i], 0);
        }
        return new CamMap(a.width(), a.height(), cam, explainedClass);
    }

    /** The heatmap on the model-input grid ({@code width x height}) with the given normalisation. */
    public static Heatmap heatmap(CamMap cam, Normalisation normalisation, int width, int height) {
        double[] v = new double[cam.values().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = cam.values()[i];
        }
        if (normalisation instanceof Normalisation.Absolute abs) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.min(v[i] / abs.scale(), 1);
            }
            return new Heatmap(width, height, resizeLinear(v, cam.width(), cam.height(), width, height),
                    cam.explainedClass(), normalisation);
        }
        minMax(v);
        float[] up = resizeLinear(v, cam.width(), cam.height(), width, height);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : up) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double scale = 1 / (max - (double) min + EPSILON);
        for (int i = 0; i < up.length; i++) {
            up[i] = (float) ((up[i] - min) * scale);
        }
        return new Heatmap(width, height, up, cam.explainedClass(), normalisation);
    }

    /** {@code v -= min; v /= (max + 1e-7)}, as pytorch-grad-cam's {@code scale_cam_image}. */
    static void minMax(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            v[i] -= min;
            max = Math.max(max, v[i]);
        }
        double d = max + EPSILON;
        for (int i = 0; i < v.length; i++) {
            v[i] /= d;
        }
    }

    /**
     * Bilinear resize with half-pixel centres: source = (dst + 0.5) * in / out - 0.5, clamped at 0, neighbours clamped
     * to the last pixel. This is OpenCV's INTER_LINEAR and torch's interpolate(bilinear, align_corners=False) without
     * antialiasing, which agree for the upsampling done here. Separable: the feature grid's few rows are interpolated
     * along x first, then every output row is a blend of two of them.
     */
    static float[] resizeLinear(double[] src, int inW, int inH, int outW, int outH) {
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        double[] fx = new double[outW];
        axis(inW, outW, x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        double[] fy = new double[outH];
        axis(inH, outH, y0, y1, fy);
        double[] rows = new double[inH * outW];
        for (int r = 0; r < inH; r++) {
            int s = r * inW;
            int o = r * outW;
            for (int x = 0; x < outW; x++) {
                double a = src[s + x0[x]];
                rows[o + x] = a + (src[s + x1[x]] - a) * fx[x];
            }
        }
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int r0 = y0[y] * outW;
            int r1 = y1[y] * outW;
            double wy = fy[y];
            int o = y * outW;
            for (int x = 0; x < outW; x++) {
                double a = rows[r0 + x];
                out[o + x] = (float) (a + (rows[r1 + x] - a) * wy);
            }
        }
        return out;
    }

    private static void axis(int in, int out, int[] i0, int[] i1, double[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double s = Math.max((o + 0.5) * scale - 0.5, 0);
            int lo = Math.min((int) s, in - 1);
            i0[o] = lo;
            i1[o] = Math.min(lo + 1, in - 1);
            frac[o] = i0[o] == i1[o] ? 0 : s - lo;
        }
    }
}
