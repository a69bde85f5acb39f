package org.reslens.ui.viewport;

import java.util.Objects;
import java.util.Optional;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.PixelFrame;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.AutoWindow;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.DisplayLut;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.ModalityLut;
import org.reslens.imaging.RenderPlan;
import org.reslens.imaging.ViewOverrides;
import org.reslens.imaging.VoiLut;
import org.reslens.ui.series.FrameStore;

/**
 * Turns a decoded slice into screen pixels on the render thread: grayscale through one {@link DisplayLut} (rebuilt
 * only when the window, inversion or modality LUT changes) straight into a pooled ARGB buffer, colour through the
 * imaging pipeline's plan, then the overlay blended in place. One renderer per viewport; not thread-safe (it runs on
 * one thread at a time, under {@link LatestOnly}).
 */
public final class SliceRenderer {
    /**
     * What to render.
     *
     * @param userVoi the reader's window; empty: the slice's own default, else the automatic window
     * @param autoVoi the automatic window to use when the file has none (computed once per stack, so it does not
     *                flicker while scrolling); null: compute it from this slice
     */
    public record Request(int sliceIndex, FrameStore.Loaded slice, Optional<VoiLut> userVoi, VoiLut.Window autoVoi,
                          boolean invert, OverlaySource overlay, long sequence) {
    }

    private record LutKey(int bits, boolean signed, ModalityLut modality, VoiLut voi, boolean inverted) {
    }

    private final RenderTargets targets;
    private LutKey lutKey;
    private DisplayLut lut;

    public SliceRenderer(RenderTargets targets) {
        this.targets = Objects.requireNonNull(targets);
    }

    public RenderedFrame render(Request r) throws DicomException {
        long t0 = System.nanoTime();
        PixelFrame frame = r.slice().frame();
        ImageTransforms t = r.slice().transforms();
        int w = frame.columns();
        int h = frame.rows();
        int[] target = targets.acquire(w, h);
        VoiLut voi = null;
        VoiLut.Window auto = null;
        if (frame.photometric().isMonochrome() && frame.samplesPerPixel() == 1) {
            auto = r.autoVoi() != null ? r.autoVoi() : AutoWindow.compute(frame, t.modality(), t.padding());
            voi = r.userVoi().or(t::defaultVoi).orElse(auto);
            boolean inverted = t.presentation().inverts() ^ r.invert();
            lutFor(frame, t.modality(), voi, inverted).renderArgb(frame, target);
        } else {
            DisplayBuffer b = RenderPlan.resolve(t, frame, new ViewOverrides(Optional.empty(), r.invert()))
                    .render(frame);
            ArgbBuffer argb = b instanceof ArgbBuffer a ? a : ((org.reslens.imaging.GrayBuffer) b).toArgb();
            System.arraycopy(argb.pixels(), 0, target, 0, target.length);
        }
        Optional<ArgbBuffer> overlay = r.overlay().overlay(r.sliceIndex());
        overlay.ifPresent(o -> blendInPlace(target, o));
        return new RenderedFrame(r.sliceIndex(), new ArgbBuffer(w, h, target), voi, auto, t, r.sequence(),
                System.nanoTime() - t0);
    }

    private DisplayLut lutFor(PixelFrame f, ModalityLut modality, VoiLut voi, boolean inverted) {
        LutKey key = new LutKey(f.bitsStored(), f.signed(), modality, voi, inverted);
        if (!key.equals(lutKey)) {
            lut = DisplayLut.forFrame(f, modality, voi, inverted);
            lutKey = key;
        }
        return lut;
    }

    /** Source-over of a non-premultiplied overlay onto opaque pixels; sizes that differ leave the slice alone. */
    static void blendInPlace(int[] base, ArgbBuffer overlay) {
        int[] o = overlay.pixels();
        if (o.length != base.length) {
            return;
        }
        for (int i = 0; i < base.length; i++) {
            int p = o[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int b = base[i];
            int na = 255 - a;
            int r = ((b >> 16 & 0xFF) * na + (p >> 16 & 0xFF) * a + 127) / 255;
            int g = ((b >> 8 & 0xFF) * na + (p >> 8 & 0xFF) * a + 127) / 255;
            int bl = ((b & 0xFF) * na + (p & 0xFF) * a + 127) / 255;
            base[i] = 0xFF000000 | r << 16 | g << 8 | bl;
        }
    }
}
