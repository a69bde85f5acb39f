package org.reslens.ui.viewport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reslens.imaging.AutoWindow;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.VoiLut;

/**
 * A window a reader can pick: one the file proposes, a standard one of the modality, or the automatic one (which is
 * computed from the pixels when applied, so it has no fixed values here).
 *
 * @param voi null for {@link Kind#AUTO}
 */
public record WindowPreset(String name, Kind kind, VoiLut voi) {
    public enum Kind { FILE, STANDARD, AUTO }

    public static final WindowPreset AUTO = new WindowPreset("Auto (" + AutoWindow.EXPLANATION.replace("AUTO ", "")
            + ")", Kind.AUTO, null);

    public WindowPreset {
        if (name == null || kind == null || (voi == null) != (kind == Kind.AUTO)) {
            throw new IllegalArgumentException("a preset has a name, a kind and, unless automatic, a VOI");
        }
    }

    /** CT windows as centre/width in HU (values as Radiopaedia lists them). */
    private static final List<WindowPreset> CT = List.of(
            standard("Brain", 40, 80),
            standard("Subdural", 75, 215),
            standard("Stroke", 40, 40),
            standard("Bone", 400, 1800),
            standard("Lung", -600, 1500),
            standard("Abdomen", 50, 400),
            standard("Liver", 30, 150),
            standard("Mediastinum", 50, 350),
            standard("Temporal bone", 600, 2800));

    private static WindowPreset standard(String name, double center, double width) {
        return new WindowPreset(name, Kind.STANDARD, new VoiLut.Window(center, width,
                org.reslens.imaging.VoiFunction.LINEAR, name.toUpperCase(Locale.ROOT)));
    }

    /**
     * The presets for a slice: the file's own (in file order), then the modality's standard ones, then the automatic
     * window. Shortcut digits 1..9 follow this order; 0 is the automatic window.
     */
    public static List<WindowPreset> forSlice(String modality, ImageTransforms transforms) {
        List<WindowPreset> out = new ArrayList<>();
        if (transforms != null && transforms.photometric().isMonochrome()) {
            int n = 1;
            for (VoiLut v : transforms.voiPresets()) {
                String label = v.explanation().isBlank() ? "File window " + n : "File: " + v.explanation();
                out.add(new WindowPreset(label, Kind.FILE, v));
                n++;
            }
        }
        if (modality != null && modality.equalsIgnoreCase("CT")) {
            out.addAll(CT);
        }
        if (transforms == null || transforms.photometric().isMonochrome()) {
            out.add(AUTO);
        }
        return List.copyOf(out);
    }

    /** "W 80 L 40" style text of a VOI, or the table's explanation. */
    public static String describe(VoiLut voi) {
        if (voi instanceof VoiLut.Window w) {
            return String.format(Locale.ROOT, "W %s L %s", number(w.width()), number(w.center()));
        }
        return voi == null ? "" : "LUT " + voi.explanation();
    }

    static String number(double v) {
        if (Math.abs(v - Math.rint(v)) < 0.05 || Math.abs(v) >= 100) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
