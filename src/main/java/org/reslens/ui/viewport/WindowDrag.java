package org.reslens.ui.viewport;

import org.reslens.imaging.VoiLut;

/**
 * Window/level by mouse drag, as most reading software does it: dragging right widens the window (less contrast),
 * dragging down raises the level (darker image). The step per screen pixel grows with the window, so a narrow CT
 * brain window and a 4,000-wide MR window both move at a usable pace; Shift makes it five times finer, Ctrl five
 * times coarser.
 */
public final class WindowDrag {
    public enum Speed {
        FINE(0.2), NORMAL(1), COARSE(5);

        final double factor;

        Speed(double factor) {
            this.factor = factor;
        }
    }

    /** Below this width the step stops shrinking, so a 1-wide window can still be opened up. */
    static final double MIN_STEP_WIDTH = 20;
    /** Dragging this many pixels changes the window by its own width (at normal speed). */
    static final double PIXELS_PER_WIDTH = 300;

    private WindowDrag() {
    }

    /**
     * The window after dragging {@code dx, dy} screen pixels from where the drag began.
     *
     * @param base the window when the drag began
     */
    public static VoiLut.Window apply(VoiLut.Window base, double dx, double dy, Speed speed) {
        double step = Math.max(base.width(), MIN_STEP_WIDTH) / PIXELS_PER_WIDTH * speed.factor;
        double width = Math.max(1, base.width() + dx * step);
        double center = base.center() + dy * step;
        return base.moved(center, width);
    }
}
