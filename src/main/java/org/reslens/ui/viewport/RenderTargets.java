package org.reslens.ui.viewport;

import java.util.ArrayList;
import java.util.List;

/**
 * The ARGB buffers a viewport's renderer draws into, reused so that scrolling allocates nothing. The screen shows a
 * buffer without copying it, so a buffer must not be drawn into while the screen may still read it: the one on screen
 * is {@code SHOWN}; the one it replaced is {@code RETIRING} for two frame pulses (the pulse that drops it from the
 * scene graph may start while the render thread still paints the previous frame with it); only {@code FREE} buffers
 * are handed out. When a burst of renders finds none free, a
 * fresh buffer is handed out and later dropped instead of joining the pool.
 *
 * <p>Thread-safe: the renderer acquires on its thread, the view reports shown buffers and pulses on the FX thread.
 */
public final class RenderTargets {
    private enum State { FREE, RENDERING, SHOWN, RETIRING }

    private static final int POOLED = 4;
    private static final int RETIRE_PULSES = 2;

    private static final class Target {
        final int[] pixels;
        State state = State.FREE;
        int pulsesLeft;

        Target(int[] pixels) {
            this.pixels = pixels;
        }
    }

    private final List<Target> pool = new ArrayList<>();

    /** A buffer of {@code width * height} pixels that nothing on screen reads. */
    public synchronized int[] acquire(int width, int height) {
        int size = width * height;
        pool.removeIf(t -> t.pixels.length != size && t.state == State.FREE);
        for (Target t : pool) {
            if (t.state == State.FREE && t.pixels.length == size) {
                t.state = State.RENDERING;
                return t.pixels;
            }
        }
        Target t = new Target(new int[size]);
        if (pool.size() < POOLED) {
            t.state = State.RENDERING;
            pool.add(t);
        }
        return t.pixels;
    }

    /** A rendered buffer that will not be shown (a newer render replaced it). */
    public synchronized void discard(int[] pixels) {
        Target t = find(pixels);
        if (t != null && t.state == State.RENDERING) {
            t.state = State.FREE;
        }
    }

    /** {@code pixels} is on screen now; the buffer it replaces retires. */
    public synchronized void shown(int[] pixels) {
        for (Target t : pool) {
            if (t.state == State.SHOWN && t.pixels != pixels) {
                t.state = State.RETIRING;
                t.pulsesLeft = RETIRE_PULSES;
            }
        }
        Target t = find(pixels);
        if (t != null) {
            t.state = State.SHOWN;
        }
    }

    /** A frame pulse has passed: buffers retired two pulses ago are free again. */
    public synchronized void pulse() {
        for (Target t : pool) {
            if (t.state == State.RETIRING && --t.pulsesLeft <= 0) {
                t.state = State.FREE;
            }
        }
    }

    synchronized int pooled() {
        return pool.size();
    }

    private Target find(int[] pixels) {
        for (Target t : pool) {
            if (t.pixels == pixels) {
                return t;
            }
        }
        return null;
    }
}
