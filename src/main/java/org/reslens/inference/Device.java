package org.reslens.inference;

/** Where a model runs. */
public enum Device {
    CPU("cpu"),
    /** NVIDIA GPU through ONNX Runtime's CUDA provider (needs the onnxruntime_gpu artifact, which ResLens does not ship). */
    CUDA("cuda");

    private final String term;

    Device(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    /** "cpu" or "cuda", any case; null for anything else. */
    public static Device ofTerm(String term) {
        for (Device d : values()) {
            if (d.term.equalsIgnoreCase(term)) {
                return d;
            }
        }
        return null;
    }
}
