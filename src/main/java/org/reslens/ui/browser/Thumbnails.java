package org.reslens.ui.browser;

import java.util.Optional;
import org.reslens.dicom.DicomException;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.Interpolation;
import org.reslens.imaging.RenderPlan;
import org.reslens.imaging.ViewOverrides;
import org.reslens.study.PixelSpacing;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;

/** A stack's thumbnail: its middle slice with the file's window (else the automatic one), fitted into a square. */
public final class Thumbnails {
    public static final int SIZE = 64;

    private Thumbnails() {
    }

    /** Decodes (through the store, so the viewer finds the slice cached later) and renders; blocks. */
    public static DisplayBuffer render(FrameStore store, StackRef stack, int size) throws DicomException {
        FrameStore.Loaded l = store.load(stack.slice(stack.size() / 2));
        DisplayBuffer full = RenderPlan.resolve(l.transforms(), l.frame(), ViewOverrides.NONE).render(l.frame());
        PixelSpacing sp = stack.slice(stack.size() / 2).attributes().pixelSpacing();
        double aspect = sp == null ? 1 : sp.betweenRows() / sp.betweenColumns();
        double w = full.width();
        double h = full.height() * aspect;
        double scale = size / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return full.resize(tw, th, Interpolation.AREA);
    }

    static Optional<DisplayBuffer> tryRender(FrameStore store, StackRef stack) {
        try {
            return Optional.of(render(store, stack, SIZE));
        } catch (DicomException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
