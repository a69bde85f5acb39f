package org.reslens.ui.viewport;

import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.VoiLut;

/**
 * One rendered slice, ready for the screen: opaque ARGB on the slice's pixel grid (overlay already blended in).
 *
 * @param voi        the window it was rendered with; null for colour images
 * @param autoWindow the automatic window of this slice (what the AUTO preset means); null for colour images
 * @param sequence   increases with every request, so a late result never replaces a newer one
 * @param renderNanos time the render thread spent on it
 */
public record RenderedFrame(int sliceIndex, ArgbBuffer image, VoiLut voi, VoiLut.Window autoWindow,
                            ImageTransforms transforms, long sequence, long renderNanos) {
    public boolean monochrome() {
        return voi != null;
    }
}
