package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;

/**
 * A tag tree (ISO 15444-1 B.10.2) over a grid of code-blocks: each node's value is the minimum of its children's,
 * and the decoder learns values only as far as a threshold asks. Nodes are stored level by level, leaves first.
 */
final class J2kTagTree {
    private static final int UNKNOWN = Integer.MAX_VALUE;

    private final int[] value;
    private final int[] low;
    private final int[] parent;
    private final int[] path = new int[32];

    J2kTagTree(int width, int height) {
        int total = 0;
        int w = width;
        int h = height;
        while (true) {
            total += w * h;
            if (w == 1 && h == 1) {
                break;
            }
            w = (w + 1) >> 1;
            h = (h + 1) >> 1;
        }
        value = new int[total];
        low = new int[total];
        parent = new int[total];
        java.util.Arrays.fill(value, UNKNOWN);
        int start = 0;
        w = width;
        h = height;
        while (!(w == 1 && h == 1)) {
            int pw = (w + 1) >> 1;
            int ph = (h + 1) >> 1;
            int next = start + w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    parent[start + y * w + x] = next + (y >> 1) * pw + (x >> 1);
                }
            }
            start = next;
            w = pw;
            h = ph;
        }
        parent[total - 1] = -1;
    }

    /** Reads bits until it is known whether leaf {@code leaf}'s value is below {@code threshold}; returns that. */
    boolean below(int leaf, int threshold, J2kBitReader bits) throws DicomException {
        int depth = 0;
        int node = leaf;
        while (parent[node] >= 0) {
            path[depth++] = node;
            node = parent[node];
        }
        int lo = 0;
        while (true) {
            if (lo > low[node]) {
                low[node] = lo;
            } else {
                lo = low[node];
            }
            while (lo < threshold && lo < value[node]) {
                if (bits.bit() != 0) {
                    value[node] = lo;
                } else {
                    lo++;
                }
            }
            low[node] = lo;
            if (depth == 0) {
                break;
            }
            node = path[--depth];
        }
        return value[node] < threshold;
    }

    /** Decodes a leaf's full value (used for the count of missing most significant bit-planes). */
    int value(int leaf, J2kBitReader bits, int limit) throws DicomException {
        int t = 1;
        while (!below(leaf, t, bits)) {
            if (++t > limit) {
                throw J2kDecoder.malformed("tag tree value beyond " + limit, bits.position());
            }
        }
        return value[leaf];
    }
}
