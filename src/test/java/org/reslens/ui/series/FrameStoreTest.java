package org.reslens.ui.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.DicomException;
import org.reslens.ui.Fixtures;

class FrameStoreTest {
    @Test
    void aLoadedSliceCanBePeekedWithItsTransforms() throws DicomException {
        FrameStore store = new FrameStore(16L << 20);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        assertThat(store.peek(s.slice(0))).isEmpty();
        FrameStore.Loaded l = store.load(s.slice(0));
        assertThat(l.frame().rows()).isEqualTo(8);
        assertThat(l.transforms().modality().apply(1024)).isEqualTo(0.0);
        assertThat(store.peek(s.slice(0))).isPresent();
        // Equal transforms of different slices are one object.
        assertThat(store.load(s.slice(1)).transforms()).isSameAs(l.transforms());
    }

    @Test
    void slicesInAZipAndFramesOfAMultiFrameObjectLoad() throws DicomException {
        FrameStore store = new FrameStore(16L << 20);
        StackRef zip = Fixtures.firstStack(Fixtures.STUDY.resolve("zip"));
        for (int i = 0; i < zip.size(); i++) {
            assertThat(store.load(zip.slice(i)).frame().sampleCount()).isPositive();
        }
        StackRef cine = Fixtures.firstStack(Fixtures.STUDY.resolve("cine"));
        assertThat(cine.size()).isEqualTo(3);
        for (int i = 0; i < cine.size(); i++) {
            assertThat(store.load(cine.slice(i)).frame().bitsStored()).isEqualTo(8);
        }
    }

    @Test
    void prefetchLoadsTheFocusFirstThenOutwardAheadOfTheScroll() {
        FrameStore store = new FrameStore(16L << 20);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        SlicePrefetcher p = new SlicePrefetcher(store, s.stack().slices(), 128, Fixtures.DIRECT, 1,
                new SlicePrefetcher.Listener() {
                    @Override
                    public void loaded(int index, FrameStore.Loaded slice) {
                        order.add(index);
                    }

                    @Override
                    public void failed(int index, DicomException error) {
                        order.add(-index);
                    }
                });
        p.focus(2);
        assertThat(order).containsExactly(2, 3, 1, 4, 0, 5);
        assertThat(p.loadedCount()).isEqualTo(6);
        assertThat(p.reach()).isEqualTo(6);
    }

    @Test
    void aSmallBudgetLimitsHowFarAheadIsLoaded() {
        FrameStore store = new FrameStore(4 * (128 + 256 + 160) * 2);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        List<Integer> order = new ArrayList<>();
        SlicePrefetcher p = new SlicePrefetcher(store, s.stack().slices(), 128, Fixtures.DIRECT, 1,
                new SlicePrefetcher.Listener() {
                    @Override
                    public void loaded(int index, FrameStore.Loaded slice) {
                        order.add(index);
                    }

                    @Override
                    public void failed(int index, DicomException error) {
                    }
                });
        p.focus(0);
        assertThat(p.reach()).isLessThan(6);
        assertThat(order).hasSize(p.reach() + 1).startsWith(0, 1);
    }

    @Test
    void cancelledPrefetchLoadsNothingMore() {
        FrameStore store = new FrameStore(16L << 20);
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        List<Runnable> queued = new ArrayList<>();
        SlicePrefetcher p = new SlicePrefetcher(store, s.stack().slices(), 128, queued::add, 2,
                new SlicePrefetcher.Listener() {
                    @Override
                    public void loaded(int index, FrameStore.Loaded slice) {
                    }

                    @Override
                    public void failed(int index, DicomException error) {
                    }
                });
        p.focus(0);
        assertThat(queued).hasSize(2);
        p.cancel();
        queued.forEach(Runnable::run);
        assertThat(p.loadedCount()).isZero();
    }
}
