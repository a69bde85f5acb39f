package org.reslens.imaging;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a sample array really occupies on the heap. With the G1 collector an array of half a region or more is
 * "humongous" and gets whole regions to itself: with 1 MiB regions (G1's choice for heaps up to 2 GiB) a 512x512
 * 16-bit frame (512 KiB + header) takes a full MiB, doubling the cost of a cached CT series. Counting that waste
 * keeps the cache's budget honest; the cure is a region size of at least twice the common frame size
 * ({@code -XX:G1HeapRegionSize=8m} covers 1024x1024 16-bit frames).
 */
final class HeapCost {
    /** Array header with compressed class pointers. */
    static final int ARRAY_HEADER = 16;

    private final long regionBytes;

    /** @param regionBytes G1 region size, or 0 when the collector allocates large arrays without region rounding */
    HeapCost(long regionBytes) {
        this.regionBytes = regionBytes;
    }

    /** The running JVM's: G1's region size when G1 is the collector, else no rounding. */
    static HeapCost current() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hs != null && Boolean.parseBoolean(hs.getVMOption("UseG1GC").getValue())) {
                return new HeapCost(Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue()));
            }
        } catch (RuntimeException e) {
            // Not HotSpot, or the option is unknown: assume plain allocation.
        }
        return new HeapCost(0);
    }

    long regionBytes() {
        return regionBytes;
    }

    /** Bytes beyond {@code payload + header} that an array of {@code payload} bytes wastes as a humongous object. */
    long humongousWaste(long payload) {
        long size = (payload + ARRAY_HEADER + 7) & ~7L;
        if (regionBytes <= 0 || size < regionBytes / 2) {
            return 0;
        }
        long regions = (size + regionBytes - 1) / regionBytes;
        return regions * regionBytes - payload - ARRAY_HEADER;
    }
}
