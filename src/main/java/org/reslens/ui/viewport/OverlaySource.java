package org.reslens.ui.viewport;

import java.util.Optional;
import org.reslens.imaging.ArgbBuffer;

/**
 * What is drawn over the slice (the AI heatmap): a non-premultiplied ARGB buffer of the slice's own size, or nothing.
 * Called on the render thread; implementations cache what is expensive.
 */
@FunctionalInterface
public interface OverlaySource {
    OverlaySource NONE = slice -> Optional.empty();

    Optional<ArgbBuffer> overlay(int sliceIndex);

    /** Whether {@link #overlay} would answer at once (nothing to compute), so the slice may render on the FX thread. */
    default boolean ready(int sliceIndex) {
        return true;
    }
}
