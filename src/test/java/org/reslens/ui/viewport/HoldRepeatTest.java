package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldRepeatTest {
    private static final long MS = 1_000_000L;
    private static final long PULSE_60HZ = 16_666_667L;

    /** Pulses every {@code period} from {@code from} (exclusive) to {@code to} (inclusive); the steps taken. */
    private static int pulses(HoldRepeat h, long from, long to, long period) {
        int moved = 0;
        for (long t = from + period; t <= to; t += period) {
            moved += h.tick(t);
        }
        return moved;
    }

    @Test
    void aPressStepsOnceThenTheClockScrollsAtTheRateAfterTheDelay() {
        HoldRepeat h = new HoldRepeat(180 * MS, 60, true);
        assertThat(h.press(1, 0)).isEqualTo(1);
        assertThat(h.tick(100 * MS)).isZero();
        int moved = 1 + pulses(h, 0, 1180 * MS, PULSE_60HZ);
        // One at once, one at the delay, then 60 per second for the next second.
        assertThat(moved).isBetween(61, 63);
    }

    @Test
    void aTapMovesOneSliceAndReleaseStopsAtOnce() {
        HoldRepeat h = new HoldRepeat(180 * MS, 60, true);
        assertThat(h.press(1, 0)).isEqualTo(1);
        h.tick(16 * MS);
        h.release();
        assertThat(pulses(h, 16 * MS, 2000 * MS, PULSE_60HZ)).isZero();
        assertThat(h.active()).isFalse();
    }

    /**
     * Holds a key for {@code holdNanos} with the keyboard repeating every {@code repeatPeriod} after
     * {@code repeatDelay}, pulses every {@code pulse}; the slices moved, press included.
     */
    private static int hold(HoldRepeat h, long holdNanos, long repeatDelay, long repeatPeriod, long pulse) {
        int moved = h.press(1, 0);
        long nextRepeat = repeatDelay;
        for (long t = pulse; t <= holdNanos; t += pulse) {
            while (nextRepeat <= t) {
                moved += h.press(1, nextRepeat);
                nextRepeat += repeatPeriod;
            }
            moved += h.tick(t);
        }
        return moved;
    }

    @Test
    void repeatsWithinOnePulseAreTakenTogetherAtThatPulse() {
        // A long delay keeps the clock out of it: only the keyboard's repeats move.
        HoldRepeat h = new HoldRepeat(10_000 * MS, 60, true);
        h.press(1, 0);
        assertThat(h.press(1, 300 * MS)).isZero();
        assertThat(h.press(1, 305 * MS)).isZero();
        assertThat(h.press(1, 310 * MS)).isZero();
        assertThat(h.tick(316 * MS)).as("three repeats, one step each, one render").isEqualTo(3);
        assertThat(h.tick(333 * MS)).isZero();
    }

    @Test
    void aSlowKeyboardRepeatDoesNotSlowTheScroll() {
        // X11's default: 660 ms delay, 25 repeats per second; 60 per second after the 180 ms delay regardless.
        HoldRepeat h = new HoldRepeat(180 * MS, 60, true);
        int moved = hold(h, 3180 * MS, 660 * MS, 40 * MS, PULSE_60HZ);
        assertThat(moved).as("the first two, then 60 per second for 3 s").isBetween(180, 184);
    }

    @Test
    void aKeyboardRepeatingFasterThanTheClockSetsThePace() {
        // 100 repeats per second from 250 ms with pulses at 60 Hz: every repeat moves a slice.
        HoldRepeat h = new HoldRepeat(180 * MS, 60, true);
        int moved = hold(h, 2250 * MS, 250 * MS, 10 * MS, PULSE_60HZ);
        assertThat(moved).as("the press and 201 repeats").isBetween(198, 203);
    }

    @Test
    void pulsesFasterThanTheClockStepEveryPulse() {
        // A pulse every 16 ms (62.5 per second): one slice per frame, none skipped to stay on the 60/s clock.
        HoldRepeat h = new HoldRepeat(0, 60, true);
        h.press(1, 0);
        for (long t = 16 * MS; t <= 4000 * MS; t += 16 * MS) {
            assertThat(h.tick(t)).as("at %d ms", t / MS).isEqualTo(1);
        }
    }

    @Test
    void cineKeepsToItsOwnRate() {
        HoldRepeat cine = new HoldRepeat(1_000_000_000L / 15, 15);
        cine.press(1, 0);
        assertThat(pulses(cine, 0, 2000 * MS, PULSE_60HZ)).isBetween(29, 31);
    }

    @Test
    void aLateFrameCatchesUpInsteadOfSlowingDown() {
        HoldRepeat h = new HoldRepeat(0, 60, true);
        h.press(-1, 0);
        assertThat(h.tick(500 * MS)).isEqualTo(-31);
    }

    @Test
    void releasingDropsRepeatsNotYetTaken() {
        HoldRepeat h = new HoldRepeat(0, 60, true);
        h.press(1, 0);
        h.press(1, 5 * MS);
        h.press(1, 10 * MS);
        h.release();
        assertThat(h.tick(1000 * MS)).isZero();
        assertThat(h.active()).isFalse();
        assertThat(h.press(-1, 1100 * MS)).as("a new press starts afresh").isEqualTo(-1);
    }
}
