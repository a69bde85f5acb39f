package org.reslens.imaging;

import java.util.Optional;

/**
 * What the user changed about how a frame is shown: a window or preset of their own (empty: the file's default,
 * else the automatic window) and the invert toggle (on top of whatever the image's presentation shape says).
 */
public record ViewOverrides(Optional<VoiLut> voi, boolean invert) {
    public static final ViewOverrides NONE = new ViewOverrides(Optional.empty(), false);

    public ViewOverrides {
        if (voi == null) {
            throw new IllegalArgumentException("voi must be an Optional");
        }
    }

    public ViewOverrides withVoi(VoiLut newVoi) {
        return new ViewOverrides(Optional.of(newVoi), invert);
    }

    public ViewOverrides withInvert(boolean newInvert) {
        return new ViewOverrides(voi, newInvert);
    }
}
