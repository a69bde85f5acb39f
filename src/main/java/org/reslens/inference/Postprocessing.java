package org.reslens.inference;

import java.util.List;

/**
 * What the logits mean: the activation that turns them into probabilities, the class a screening ranks by, and the
 * class names in logit order.
 */
public record Postprocessing(Activation activation, int positiveClass, List<String> classNames) {
    public Postprocessing {
        if (activation == null) {
            throw new IllegalArgumentException("activation is required");
        }
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("at least one class name is required");
        }
        if (positiveClass < 0 || positiveClass >= classNames.size()) {
            throw new IllegalArgumentException("positive_class " + positiveClass + " is not one of the "
                    + classNames.size() + " classes");
        }
    }

    public int classCount() {
        return classNames.size();
    }
}
