package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderTargetsTest {
    @Test
    void theBufferOnScreenAndTheOneItReplacedAreNotHandedOutUntilTwoPulsesPass() {
        RenderTargets t = new RenderTargets();
        int[] a = t.acquire(4, 4);
        t.shown(a);
        int[] b = t.acquire(4, 4);
        assertThat(b).isNotSameAs(a);
        t.shown(b);                      // a retires
        int[] c = t.acquire(4, 4);
        assertThat(c).isNotSameAs(a).isNotSameAs(b);
        t.discard(c);
        t.pulse();
        assertThat(t.acquire(4, 4)).as("c is free, a still retiring").isSameAs(c);
        t.discard(c);
        t.pulse();                       // a is free again
        int[] d = t.acquire(4, 4);
        int[] e = t.acquire(4, 4);
        assertThat(java.util.List.of(d, e)).containsExactlyInAnyOrder(a, c);
        assertThat(d).isNotSameAs(b);
        assertThat(e).isNotSameAs(b);
        assertThat(t.pooled()).isEqualTo(3);
    }

    @Test
    void aNewSizeReplacesFreeBuffersOfTheOldOne() {
        RenderTargets t = new RenderTargets();
        int[] a = t.acquire(4, 4);
        t.discard(a);
        assertThat(t.acquire(8, 8)).hasSize(64);
        assertThat(t.pooled()).isEqualTo(1);
    }

    @Test
    void aBurstBeyondThePoolGetsFreshBuffersRatherThanWaiting() {
        RenderTargets t = new RenderTargets();
        int[] a = t.acquire(2, 2);
        int[] b = t.acquire(2, 2);
        int[] c = t.acquire(2, 2);
        int[] d = t.acquire(2, 2);
        int[] e = t.acquire(2, 2);
        assertThat(e).isNotSameAs(a).isNotSameAs(b).isNotSameAs(c).isNotSameAs(d);
        assertThat(t.pooled()).isEqualTo(4);
    }
}
