package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.PixelFrame;

/** The decoded-frame cache: byte budget, LRU order, one load per missing frame, and what a CT series costs. */
class FrameCacheTest {
    private static final Path FILE = Path.of("series/slice.dcm");

    private static PixelFrame frame(int rows, int columns) {
        return new PixelFrame(rows, columns, 1, Photometric.MONOCHROME2, 12, false, null, new short[rows * columns],
                null);
    }

    private static long cost(int rows, int columns) {
        return 2L * rows * columns + FrameCache.ENTRY_OVERHEAD_BYTES;
    }

    @Test
    void hitsDoNotLoadAgain() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        FrameCache<FrameKey> cache = new FrameCache<>(1 << 20, k -> {
            loads.incrementAndGet();
            return frame(8, 8);
        });
        PixelFrame a = cache.get(new FrameKey(FILE, 0));
        assertThat(cache.get(new FrameKey(FILE, 0))).isSameAs(a);
        assertThat(loads).hasValue(1);
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
        assertThat(cache.retainedBytes()).isEqualTo(cost(8, 8));
    }

    @Test
    void leastRecentlyUsedFramesLeaveFirstWhenTheBudgetIsExceeded() throws Exception {
        FrameCache<Integer> cache = new FrameCache<>(3 * cost(10, 10), k -> frame(10, 10));
        cache.get(1);
        cache.get(2);
        cache.get(3);
        cache.get(1);                    // 1 is now the most recent; 2 the eldest
        cache.get(4);
        assertThat(cache.getIfPresent(2)).isEmpty();
        assertThat(cache.getIfPresent(1)).isPresent();
        assertThat(cache.getIfPresent(3)).isPresent();
        assertThat(cache.getIfPresent(4)).isPresent();
        assertThat(cache.retainedBytes()).isLessThanOrEqualTo(cache.budgetBytes());
        assertThat(cache.stats().evictions()).isEqualTo(1);
    }

    @Test
    void aFrameLargerThanTheBudgetIsServedButNotKept() throws Exception {
        FrameCache<Integer> cache = new FrameCache<>(100, k -> frame(10, 10));
        assertThat(cache.get(1).rows()).isEqualTo(10);
        assertThat(cache.size()).isZero();
        assertThat(cache.retainedBytes()).isZero();
    }

    @Test
    void concurrentRequestsForOneMissingFrameShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        FrameCache<Integer> cache = new FrameCache<>(1 << 20, k -> {
            loads.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return frame(4, 4);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PixelFrame>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.get(42)));
            }
            Thread.sleep(50);
            release.countDown();
            PixelFrame first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<PixelFrame> r : results) {
                assertThat(r.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadIsReportedAndRetriedNextTime() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FrameCache<Integer> cache = new FrameCache<>(1 << 20, k -> {
            if (calls.incrementAndGet() == 1) {
                throw new DicomException(ErrorKind.TRUNCATED, "pixel data ends early", 1234);
            }
            return frame(2, 2);
        });
        assertThatThrownBy(() -> cache.get(7)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED));
        assertThat(cache.get(7).rows()).isEqualTo(2);
    }

    @Test
    void invalidateAndClearReleaseTheirBytes() throws Exception {
        FrameCache<Integer> cache = new FrameCache<>(1 << 20, k -> frame(4, 4));
        cache.get(1);
        cache.get(2);
        cache.invalidate(1);
        assertThat(cache.retainedBytes()).isEqualTo(cost(4, 4));
        cache.clear();
        assertThat(cache.retainedBytes()).isZero();
        assertThat(cache.size()).isZero();
    }

    /**
     * A 300-slice 512x512 16-bit series held in the cache costs at most 1.1x its raw pixel bytes, provided the JVM
     * does not allocate 512 KiB arrays as G1 humongous objects (regions of 2 MiB or more, e.g. with
     * -XX:G1HeapRegionSize=8m or any heap of 4 GiB and up). Measured two ways: the cache's own accounting (samples,
     * the documented per-entry overhead and humongous waste for the given region size), and the bytes this thread
     * allocated while the cache loaded and stored the frames (HotSpot's per-thread allocation counter), which bounds
     * what the cache can retain apart from region rounding.
     */
    @Test
    void aThreeHundredSliceCtSeriesCostsAtMostATenthMoreThanItsPixels() throws Exception {
        int slices = 300;
        long raw = (long) slices * 512 * 512 * 2;
        FrameCache<FrameKey> cache = new FrameCache<>(2 * raw, k -> frame(512, 512), new HeapCost(8 << 20));
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean measurable = bean instanceof com.sun.management.ThreadMXBean b
                && b.isThreadAllocatedMemorySupported() && b.isThreadAllocatedMemoryEnabled();
        long id = Thread.currentThread().getId();
        long before = measurable ? ((com.sun.management.ThreadMXBean) bean).getThreadAllocatedBytes(id) : 0;
        for (int i = 0; i < slices; i++) {
            cache.get(new FrameKey(FILE, i));
        }
        long allocated = measurable ? ((com.sun.management.ThreadMXBean) bean).getThreadAllocatedBytes(id) - before
                : 0;
        assertThat(cache.size()).isEqualTo(slices);
        assertThat(cache.retainedBytes()).isEqualTo(raw + slices * FrameCache.ENTRY_OVERHEAD_BYTES);
        assertThat((double) cache.retainedBytes() / raw).isLessThanOrEqualTo(1.1);
        assumeTrue(measurable, "per-thread allocation counting not available on this JVM");
        assertThat((double) allocated / raw).isLessThanOrEqualTo(1.1);
    }

    @Test
    void smallG1RegionsDoubleTheCostOfA512SquareFrameAndTheCacheSaysSo() throws Exception {
        FrameCache<Integer> cache = new FrameCache<>(1L << 30, k -> frame(512, 512), new HeapCost(1 << 20));
        cache.get(1);
        assertThat(cache.retainedBytes()).isEqualTo((1 << 20) - HeapCost.ARRAY_HEADER
                + FrameCache.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void humongousWasteIsTheRestOfTheLastRegion() {
        assertThat(new HeapCost(0).humongousWaste(512 * 1024)).isZero();
        assertThat(new HeapCost(2 << 20).humongousWaste(512 * 1024)).isZero();
        assertThat(new HeapCost(1 << 20).humongousWaste(512 * 1024)).isEqualTo(512 * 1024 - 16);
        long dx = 3000L * 3000 * 2;                          // 18 MB in three 8 MiB regions
        assertThat(new HeapCost(8 << 20).humongousWaste(dx)).isEqualTo(3L * (8 << 20) - dx - 16);
        assertThat(HeapCost.current().regionBytes()).isNotNegative();
    }
}
