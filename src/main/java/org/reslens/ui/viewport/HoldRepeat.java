package org.reslens.ui.viewport;

/**
 * Steps while a key is held (and cine), paced by the clock and applied once per frame pulse.
 *
 * <p>A press steps once at once (a tap moves one slice, shown in the next frame). After {@code delay} the clock takes
 * over at {@code rate} steps per second: a late pulse catches up with several steps instead of slowing the scroll.
 * The keyboard's own auto-repeat (25-40 per second on most desktops, starting after 250-660 ms) is not what sets the
 * pace, but it is not lost either: every repeat counts, so a keyboard set to repeat faster than the clock scrolls at
 * its own rate. Steps due are only taken at {@link #tick} (once per pulse), so three repeats arriving within one
 * frame move three slices and render one image. With {@code stepEveryTick} a held key also moves at least one step
 * per pulse once the delay has passed, so the scroll is as smooth as the screen allows (one slice per frame on a
 * 60 Hz screen; faster pulses, faster scroll) and never skips a frame to stay on the clock. Release stops at once:
 * repeats not yet taken are dropped.
 */
public final class HoldRepeat {
    private final long delayNanos;
    private final boolean stepEveryTick;
    private double rate;
    private int direction;
    private long start;
    private long emitted;
    private long repeats;
    /** Steps taken beyond the clock, so the clock does not take them again. */
    private long bonus;

    /** Cine: the clock alone (no step per pulse beyond it). */
    public HoldRepeat(long delayNanos, double ratePerSecond) {
        this(delayNanos, ratePerSecond, false);
    }

    public HoldRepeat(long delayNanos, double ratePerSecond, boolean stepEveryTick) {
        if (delayNanos < 0 || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("delay must not be negative and the rate positive");
        }
        this.delayNanos = delayNanos;
        this.rate = ratePerSecond;
        this.stepEveryTick = stepEveryTick;
    }

    /**
     * The key went down, or the keyboard repeated it: the steps to take now, signed. A new direction steps once at
     * once; a repeat of the held direction is counted and taken at the next {@link #tick}.
     */
    public int press(int dir, long now) {
        int d = Integer.signum(dir);
        if (d == 0) {
            return 0;
        }
        if (d == direction) {
            repeats++;
            return 0;
        }
        direction = d;
        start = now;
        emitted = 1;
        repeats = 0;
        bonus = 0;
        return d;
    }

    /** Steps due since the last call, signed; 0 when nothing is held. Call once per frame pulse. */
    public int tick(long now) {
        if (direction == 0) {
            return 0;
        }
        long target = Math.max(clockTotal(now) + bonus, 1 + repeats);
        long due = Math.max(0, target - emitted);
        if (due == 0 && stepEveryTick && now - start >= delayNanos) {
            bonus++;
            due = 1;
        }
        emitted += due;
        return (int) Math.min(Integer.MAX_VALUE, due) * direction;
    }

    public void release() {
        direction = 0;
        repeats = 0;
    }

    public boolean active() {
        return direction != 0;
    }

    public void setRate(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        rate = ratePerSecond;
    }

    /** Steps the clock alone has due since the press: the press itself, one at the delay, then {@code rate}/s. */
    private long clockTotal(long now) {
        long since = now - start - delayNanos;
        if (since < 0) {
            return 1;
        }
        return 2 + (long) Math.floor(since * rate / 1e9);
    }
}
