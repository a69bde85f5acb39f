package org.reslens.screening;

import java.util.List;

/**
 * The facts of a run that every report states: which model (and its declared use), which class it explains, the
 * threshold and aggregation rule, and whether the outputs are de-identified.
 *
 * @param keyFingerprint one-way fingerprint of the pseudonym key when de-identifying (never the key), else null
 */
record RunInfo(String modelName, String modelVersion, String modelSha256, String task, String intendedUse,
               List<String> classNames, int positiveClass, int explainedClass, double threshold, String aggregation,
               boolean deidentified, String keyFingerprint) {
    RunInfo {
        classNames = List.copyOf(classNames);
    }

    String positiveClassName() {
        return classNames.get(positiveClass);
    }

    String explainedClassName() {
        return classNames.get(explainedClass);
    }

    /**
     * The status line every report carries: the model's own intended use when it states one, and in any case that
     * the results are a demonstration, not a diagnosis.
     */
    String status() {
        String use = intendedUse == null || intendedUse.isBlank() ? "not stated" : intendedUse.trim();
        return "Demonstration only, not for clinical use. Model's intended use: " + use + ".";
    }
}
