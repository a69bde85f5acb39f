package org.reslens.ui;

import java.nio.IntBuffer;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.GrayBuffer;

/**
 * The one place where pixels become JavaFX images. Buffers are wrapped, not copied: a {@link WritableImage} over a
 * {@link PixelBuffer} of the buffer's own {@code int[]} in {@link PixelFormat#getIntArgbPreInstance()} (our slices are
 * opaque, so premultiplied and straight ARGB are the same numbers). After the renderer rewrote a wrapped buffer,
 * {@link Surfaces#show} tells JavaFX that all of it changed; the texture upload is the only copy.
 *
 * <p>FX thread only.
 */
public final class FxImages {
    private FxImages() {
    }

    /** Wraps opaque (or premultiplied) ARGB pixels without copying them. */
    public static WritableImage wrap(ArgbBuffer b) {
        PixelBuffer<IntBuffer> pb = new PixelBuffer<>(b.width(), b.height(), IntBuffer.wrap(b.pixels()),
                PixelFormat.getIntArgbPreInstance());
        return new WritableImage(pb);
    }

    /** An image of a display buffer that owns its pixels (gray is expanded once), for thumbnails and legends. */
    public static Image image(DisplayBuffer b) {
        ArgbBuffer argb = b instanceof GrayBuffer g ? g.toArgb() : (ArgbBuffer) b;
        return wrap(argb);
    }

    /** The pixels of any image as opaque-or-not straight ARGB (for snapshots written to PNG). */
    public static ArgbBuffer pixels(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] px = new int[w * h];
        PixelReader r = image.getPixelReader();
        r.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return new ArgbBuffer(w, h, px);
    }

    /**
     * The images of one view's pooled render buffers: each {@code int[]} is wrapped once and shown again after the
     * renderer drew into it anew. Holds the few buffers of a viewport's pool; forgets the oldest beyond that.
     */
    public static final class Surfaces {
        private static final int KEEP = 6;
        private record Wrapped(WritableImage image, PixelBuffer<IntBuffer> buffer) {
        }

        private final Map<int[], Wrapped> images = new IdentityHashMap<>();
        private final Map<int[], Long> used = new IdentityHashMap<>();
        private long clock;

        /** The image over {@code b}'s pixels, marked as entirely changed. */
        public WritableImage show(ArgbBuffer b) {
            Wrapped w = images.get(b.pixels());
            if (w == null || w.buffer().getWidth() != b.width() || w.buffer().getHeight() != b.height()) {
                PixelBuffer<IntBuffer> pb = new PixelBuffer<>(b.width(), b.height(), IntBuffer.wrap(b.pixels()),
                        PixelFormat.getIntArgbPreInstance());
                w = new Wrapped(new WritableImage(pb), pb);
                images.put(b.pixels(), w);
                used.put(b.pixels(), ++clock);
                forgetOldest();
            } else {
                // The renderer rewrote the whole buffer; null means "all of it changed".
                w.buffer().updateBuffer(x -> null);
                used.put(b.pixels(), ++clock);
            }
            return w.image();
        }

        private void forgetOldest() {
            while (images.size() > KEEP) {
                int[] oldest = null;
                long min = Long.MAX_VALUE;
                for (Map.Entry<int[], Long> e : used.entrySet()) {
                    if (e.getValue() < min) {
                        min = e.getValue();
                        oldest = e.getKey();
                    }
                }
                if (oldest == null) {
                    Iterator<int[]> it = images.keySet().iterator();
                    oldest = it.next();
                }
                images.remove(oldest);
                used.remove(oldest);
            }
        }
    }
}
