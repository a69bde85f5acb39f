package org.reslens.ui.viewport;

/**
 * Scrolling while a key is held, at a steady rate of its own rather than the keyboard's auto-repeat (25-30 per second
 * on most desktops): one step at once, then after a short delay {@code rate} steps per second, paced by the clock so
 * a late frame catches up instead of slowing the scroll. Also drives cine, with no delay.
 */
public final class HoldRepeat {
    private final long delayNanos;
    private double rate;
    private int direction;
    private long start;
    private long emitted;

    public HoldRepeat(long delayNanos, double ratePerSecond) {
        if (delayNanos < 0 || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("delay must not be negative and the rate positive");
        }
        this.delayNanos = delayNanos;
        this.rate = ratePerSecond;
    }

    /**
     * The key went down (or the keyboard repeated it): the steps to take now, signed. A repeat of the held direction
     * takes none, since the clock drives the scroll from here.
     */
    public int press(int dir, long now) {
        int d = Integer.signum(dir);
        if (d == 0 || d == direction) {
            return 0;
        }
        direction = d;
        start = now;
        emitted = 1;
        return d;
    }

    /** Steps due since the last call, signed; 0 when nothing is held. */
    public int tick(long now) {
        if (direction == 0) {
            return 0;
        }
        long total = total(now);
        long due = total - emitted;
        emitted = Math.max(emitted, total);
        return (int) Math.max(0, due) * direction;
    }

    public void release() {
        direction = 0;
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

    private long total(long now) {
        long since = now - start - delayNanos;
        if (since < 0) {
            return 1;
        }
        return 2 + (long) Math.floor(since * rate / 1e9);
    }
}
