package org.reslens.inference;

/**
 * Whether a model's classifier head allows exact Grad-CAM from one forward pass, as found in its graph.
 */
public sealed interface CamHead permits CamHead.Linear, CamHead.Unsupported {

    /**
     * {@code A -> global average pool -> (flatten) -> linear}: {@code logit_c = sum_k weight(c, k) * mean_ij A_k(i, j)
     * + b_c}, so {@code d logit_c / d A_k(i, j) = weight(c, k) / (H * W)} everywhere (Selvaraju et al., section 3.1).
     *
     * @param featureOutput the graph output that returns {@code A}
     * @param added         true when ResLens added that output to the graph in memory (a logits-only model)
     * @param weights       row-major {@code [classes][channels]}, already multiplied by the Gemm's alpha
     * @param weightTensor  the initializer (or Constant output) the weights were read from
     * @param form          the head as found, e.g. "GlobalAveragePool -> Flatten -> Gemm(transB=1)"
     */
    record Linear(String featureOutput, boolean added, int classes, int channels, float[] weights,
                  String weightTensor, String form) implements CamHead {
        public Linear {
            if (classes < 1 || channels < 1 || weights == null || weights.length != classes * channels) {
                throw new IllegalArgumentException("head weights must be classes x channels");
            }
            weights = weights.clone();
        }

        /** The same head, read from {@code output} ({@code added}: an output ResLens put into the graph). */
        public Linear withFeatureOutput(String output, boolean isAdded) {
            return new Linear(output, isAdded, classes, channels, weights, weightTensor, form);
        }

        /** {@code weight(c, k)}. */
        public float weight(int cls, int channel) {
            return weights[cls * channels + channel];
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }
    }

    /**
     * The head is of another form; {@code opFound} names the operator where the expected pattern broke (e.g.
     * "MaxPool"), {@code detail} says what was expected.
     */
    record Unsupported(String opFound, String detail) implements CamHead {
    }
}
