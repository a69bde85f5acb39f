package org.reslens.inference;

/** How logits become probabilities: the model bundle's {@code postprocessing.activation}. */
public enum Activation {
    /** Over the classes, as {@code torch.softmax(logits, dim=1)}. */
    SOFTMAX("softmax"),
    /** Per class, independently. */
    SIGMOID("sigmoid"),
    /** The logits are reported as they are. */
    NONE("none");

    private final String term;

    Activation(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    static Activation ofTerm(String term) {
        for (Activation a : values()) {
            if (a.term.equals(term)) {
                return a;
            }
        }
        return null;
    }

    /** Applies the activation in double precision (subtracting the maximum first, so large logits cannot overflow). */
    public float[] apply(float[] logits) {
        float[] out = new float[logits.length];
        switch (this) {
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                double[] e = new double[logits.length];
                for (int i = 0; i < logits.length; i++) {
                    e[i] = Math.exp(logits[i] - max);
                    sum += e[i];
                }
                for (int i = 0; i < logits.length; i++) {
                    out[i] = (float) (e[i] / sum);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < logits.length; i++) {
                    out[i] = (float) (1 / (1 + Math.exp(-logits[i])));
                }
            }
            case NONE -> System.arraycopy(logits, 0, out, 0, logits.length);
        }
        return out;
    }
}
