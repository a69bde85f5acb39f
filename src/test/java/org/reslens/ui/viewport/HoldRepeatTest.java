package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldRepeatTest {
    private static final long MS = 1_000_000L;

    @Test
    void aPressStepsOnceThenTheClockScrollsAtTheRateAfterTheDelay() {
        HoldRepeat h = new HoldRepeat(180 * MS, 60);
        assertThat(h.press(1, 0)).isEqualTo(1);
        assertThat(h.tick(100 * MS)).isZero();
        int moved = 1;
        for (long t = 0; t <= 1180 * MS; t += 16_667_000L) {
            moved += h.tick(t);
        }
        // One at once, one at the delay, then 60 per second for the next second.
        assertThat(moved).isBetween(61, 63);
    }

    @Test
    void keyboardAutoRepeatOfTheHeldKeyAddsNothing() {
        HoldRepeat h = new HoldRepeat(180 * MS, 60);
        h.press(1, 0);
        assertThat(h.press(1, 30 * MS)).isZero();
        assertThat(h.press(1, 60 * MS)).isZero();
    }

    @Test
    void aLateFrameCatchesUpInsteadOfSlowingDown() {
        HoldRepeat h = new HoldRepeat(0, 60);
        h.press(-1, 0);
        assertThat(h.tick(500 * MS)).isEqualTo(-31);
    }

    @Test
    void releasingStops() {
        HoldRepeat h = new HoldRepeat(0, 60);
        h.press(1, 0);
        h.release();
        assertThat(h.tick(1000 * MS)).isZero();
        assertThat(h.active()).isFalse();
    }
}
