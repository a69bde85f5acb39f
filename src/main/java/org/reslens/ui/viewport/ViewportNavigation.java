package org.reslens.ui.viewport;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.reslens.study.Stack;
import org.reslens.ui.series.StackRef;

/**
 * Moving through a viewport's stack: steps, pages, ends, holding a key, cine at a frame rate, and jumping to the slice
 * nearest a location along the normal (for synchronised scrolling). Driven by the frame pulse ({@link #tick}), so
 * held keys and cine run at their own pace whatever the keyboard's repeat rate and however busy the machine is.
 */
public final class ViewportNavigation {
    private final ViewportViewModel viewport;
    private final BooleanProperty cinePlaying = new SimpleBooleanProperty();
    private final DoubleProperty cineFps = new SimpleDoubleProperty(15);
    private HoldRepeat cine;

    ViewportNavigation(ViewportViewModel viewport) {
        this.viewport = viewport;
        cineFps.addListener((o, a, b) -> {
            if (cine != null && b.doubleValue() > 0) {
                cine.setRate(b.doubleValue());
            }
        });
    }

    public void step(int delta) {
        viewport.scrollBy(delta);
    }

    /** A tenth of the stack (at least one slice). */
    public void page(int direction) {
        int n = viewport.sliceCountProperty().get();
        viewport.scrollBy(Integer.signum(direction) * Math.max(1, n / 10));
    }

    public void first() {
        viewport.scrollTo(0);
    }

    public void last() {
        viewport.scrollTo(viewport.sliceCountProperty().get() - 1);
    }

    /**
     * An arrow key went down: one step now, a steady scroll while it stays down. A keyboard auto-repeat of the same
     * key takes no step here; it is counted and taken at the next frame pulse with any others, so a burst of repeats
     * renders one image.
     */
    public void holdPressed(int direction, long nowNanos) {
        viewport.scrollBy(viewport.hold().press(direction, nowNanos));
    }

    public void holdReleased() {
        viewport.hold().release();
    }

    public void setCinePlaying(boolean play, long nowNanos) {
        if (play && viewport.sliceCountProperty().get() > 1) {
            double fps = Math.max(1, cineFps.get());
            cine = new HoldRepeat((long) (1e9 / fps), fps);
            cine.press(1, nowNanos);
            cinePlaying.set(true);
        } else {
            stopCine();
        }
    }

    public void toggleCine(long nowNanos) {
        setCinePlaying(!cinePlaying.get(), nowNanos);
    }

    void stopCine() {
        cine = null;
        cinePlaying.set(false);
    }

    /** Called once per frame pulse. */
    void tick(long nowNanos) {
        int held = viewport.hold().tick(nowNanos);
        if (held != 0) {
            viewport.scrollBy(held);
        }
        if (cine != null) {
            int steps = cine.tick(nowNanos);
            int n = viewport.sliceCountProperty().get();
            if (steps != 0 && n > 0) {
                viewport.scrollTo(Math.floorMod(viewport.sliceIndexProperty().get() + steps, n));
            }
        }
    }

    /** The current slice's location along its normal (mm), or null without geometry. */
    public Double location() {
        return viewport.currentAttributes() == null ? null : SliceGeometry.location(viewport.currentAttributes());
    }

    /**
     * Moves to the slice nearest {@code mm} along the stack's normal; nothing when the stack has no geometry or the
     * location lies more than one slice spacing (or 5 mm) outside the stack.
     *
     * @return whether the viewport moved or already was there
     */
    public boolean goToLocation(double mm) {
        StackRef ref = viewport.stackProperty().get();
        if (ref == null) {
            return false;
        }
        Stack s = ref.stack();
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.slices().size(); i++) {
            Double loc = SliceGeometry.location(s.slices().get(i).attributes());
            if (loc != null && Math.abs(loc - mm) < bestDistance) {
                bestDistance = Math.abs(loc - mm);
                best = i;
            }
        }
        double tolerance = Math.max(5, s.sliceSpacing() == null ? 0 : s.sliceSpacing());
        if (best < 0 || bestDistance > tolerance) {
            return false;
        }
        viewport.scrollTo(best);
        return true;
    }

    public BooleanProperty cinePlayingProperty() {
        return cinePlaying;
    }

    public DoubleProperty cineFpsProperty() {
        return cineFps;
    }
}
