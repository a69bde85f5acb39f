package org.reslens.ui.ai;

import java.nio.file.Path;
import java.util.Locale;
import org.reslens.inference.ModelBundle;

/**
 * A model the reader can choose: a bundle that loaded (checked, hashed, head analysed), or one that did not, with
 * the reason.
 *
 * @param bundledDefault the model shipped with ResLens (preselected when it accepts the series)
 * @param bundle         null when the bundle could not be loaded
 * @param problem        why it could not be loaded; null when it loaded
 */
public record ModelEntry(String name, Path location, boolean bundledDefault, ModelBundle bundle, String problem) {
    public ModelEntry {
        if (name == null || location == null || (bundle == null) == (problem == null)) {
            throw new IllegalArgumentException("a model entry has a name, a location, and a bundle or a problem");
        }
    }

    /** Whether the model takes images of this modality (a model that names none takes any). */
    public boolean accepts(String modality) {
        if (bundle == null) {
            return false;
        }
        var accepted = bundle.accepts().modalities();
        return accepted.isEmpty() || (modality != null && accepted.contains(modality.strip().toUpperCase(Locale.ROOT)));
    }

    /** The name of the class Grad-CAM explains, e.g. "lesion". */
    public String explainedClassName() {
        if (bundle == null) {
            return "";
        }
        var names = bundle.postprocessing().classNames();
        int c = bundle.explainedClass();
        return c >= 0 && c < names.size() ? names.get(c) : "class " + c;
    }

    @Override
    public String toString() {
        return name + (bundledDefault ? " (bundled)" : "") + (bundle == null ? " \u2014 unusable" : "");
    }
}
