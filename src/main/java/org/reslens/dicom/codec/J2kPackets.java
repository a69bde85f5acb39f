package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;

/**
 * Reads a tile's packets (ISO 15444-1 B.9, B.10) in its progression order (B.12), with progression order changes
 * (POC), SOP and EPH markers and packed packet headers (PPM/PPT), handing each code-block its passes and bytes.
 *
 * <p>Truncation: a codestream that ends before every packet its headers announce has been read is refused as
 * TRUNCATED. The standard lets a decoder stop at any packet boundary, but a DICOM frame that lost its tail is a
 * damaged file, and showing it at a silently lower quality would hide that.
 */
final class J2kPackets {
    private static final int LRCP = 0;
    private static final int RLCP = 1;
    private static final int RPCL = 2;
    private static final int PCRL = 3;
    private static final int CPRL = 4;

    private final J2kTile tile;
    private final byte[] body;
    private final byte[] headers;
    private final boolean sop;
    private final boolean eph;
    private final long at;
    private final J2kBitReader bits = new J2kBitReader();
    private int bodyPos;
    private int headerPos;
    private J2kCodeBlock[] contributing = new J2kCodeBlock[64];

    private J2kPackets(J2kTile tile, byte[] body, byte[] headers, boolean sop, boolean eph, long at) {
        this.tile = tile;
        this.body = body;
        this.headers = headers;
        this.sop = sop;
        this.eph = eph;
        this.at = at;
    }

    static void read(J2kTile tile, J2kCodestream.Defaults globals, J2kCodestream.Tile source)
            throws DicomException {
        byte[] body = source.body.toByteArray();
        byte[] headers = source.packedHeaders == null ? null : source.packedHeaders.toByteArray();
        J2kPackets reader = new J2kPackets(tile, body, headers, globals.sop, globals.eph, source.firstOffset);
        int maxRes = 0;
        for (J2kTile.Component c : tile.comps) {
            maxRes = Math.max(maxRes, c.res.length);
        }
        int[][] order = source.header.poc != null ? source.header.poc : globals.poc;
        if (order == null) {
            order = new int[][] {{0, 0, globals.layers, maxRes, tile.comps.length, globals.progression}};
        }
        for (int[] o : order) {
            reader.progress(o[5], o[0], Math.min(o[3], maxRes), o[1], Math.min(o[4], tile.comps.length),
                    Math.min(o[2], globals.layers));
        }
    }

    private void progress(int order, int rs, int re, int cs, int ce, int layers) throws DicomException {
        switch (order) {
            case LRCP -> {
                for (int l = 0; l < layers; l++) {
                    for (int r = rs; r < re; r++) {
                        for (int c = cs; c < ce; c++) {
                            allPrecincts(c, r, l);
                        }
                    }
                }
            }
            case RLCP -> {
                for (int r = rs; r < re; r++) {
                    for (int l = 0; l < layers; l++) {
                        for (int c = cs; c < ce; c++) {
                            allPrecincts(c, r, l);
                        }
                    }
                }
            }
            case RPCL -> {
                for (int r = rs; r < re; r++) {
                    positions(cs, ce, r, r + 1, layers, true);
                }
            }
            case PCRL -> positions(cs, ce, rs, re, layers, false);
            case CPRL -> {
                for (int c = cs; c < ce; c++) {
                    positions(c, c + 1, rs, re, layers, false);
                }
            }
            default -> throw J2kDecoder.malformed("JPEG 2000 progression order " + order, at);
        }
    }

    private void allPrecincts(int c, int r, int l) throws DicomException {
        J2kTile.Component comp = tile.comps[c];
        if (r >= comp.res.length) {
            return;
        }
        J2kTile.Resolution res = comp.res[r];
        for (int p = 0; p < res.nextLayer.length; p++) {
            if (res.nextLayer[p] == l) {
                packet(comp, res, p, l);
                res.nextLayer[p]++;
            }
        }
    }

    /**
     * Position-driven orders (B.12.1.3 to B.12.1.5): walks the tile's reference grid in steps of the smallest
     * precinct and visits each precinct where it starts. With {@code resolutionOutside} (RPCL) the caller has
     * fixed the resolution; otherwise components then resolutions are inner loops (PCRL, CPRL).
     */
    private void positions(int cs, int ce, int rs, int re, int layers, boolean resolutionOutside)
            throws DicomException {
        long stepX = Long.MAX_VALUE;
        long stepY = Long.MAX_VALUE;
        for (int c = cs; c < ce; c++) {
            J2kTile.Component comp = tile.comps[c];
            int levels = comp.res.length - 1;
            for (int r = rs; r < Math.min(re, comp.res.length); r++) {
                J2kTile.Resolution res = comp.res[r];
                stepX = Math.min(stepX, 1L << Math.min(62, res.ppx + levels - r));
                stepY = Math.min(stepY, 1L << Math.min(62, res.ppy + levels - r));
            }
        }
        if (stepX == Long.MAX_VALUE) {
            return;
        }
        for (long y = tile.y0; y < tile.y1; y += stepY - (y % stepY)) {
            for (long x = tile.x0; x < tile.x1; x += stepX - (x % stepX)) {
                if (resolutionOutside) {
                    for (int c = cs; c < ce; c++) {
                        precinctAt(c, rs, x, y, layers);
                    }
                } else {
                    for (int c = cs; c < ce; c++) {
                        for (int r = rs; r < re; r++) {
                            precinctAt(c, r, x, y, layers);
                        }
                    }
                }
            }
        }
    }

    private void precinctAt(int c, int r, long x, long y, int layers) throws DicomException {
        J2kTile.Component comp = tile.comps[c];
        if (r >= comp.res.length) {
            return;
        }
        J2kTile.Resolution res = comp.res[r];
        if (res.pw == 0 || res.ph == 0) {
            return;
        }
        int shift = comp.res.length - 1 - r;
        long sizeX = 1L << (res.ppx + shift);
        long sizeY = 1L << (res.ppy + shift);
        boolean atX = x % sizeX == 0 || (x == tile.x0 && (((long) res.x0 << shift) % sizeX) != 0);
        boolean atY = y % sizeY == 0 || (y == tile.y0 && (((long) res.y0 << shift) % sizeY) != 0);
        if (!atX || !atY) {
            return;
        }
        long i = (J2kCodestream.ceilDiv(x, 1L << shift) >> res.ppx) - (res.x0 >> res.ppx);
        long j = (J2kCodestream.ceilDiv(y, 1L << shift) >> res.ppy) - (res.y0 >> res.ppy);
        if (i < 0 || j < 0 || i >= res.pw || j >= res.ph) {
            return;
        }
        int p = (int) (j * res.pw + i);
        for (int l = res.nextLayer[p]; l < layers; l++) {
            packet(comp, res, p, l);
            res.nextLayer[p]++;
        }
    }

    private void packet(J2kTile.Component comp, J2kTile.Resolution res, int p, int layer) throws DicomException {
        if (sop && bodyPos + 6 <= body.length && J2kCodestream.u16(body, bodyPos) == 0xFF91) {
            bodyPos += 6;
        }
        if (headers != null) {
            bits.reset(headers, headerPos, headers.length, -1);
        } else {
            bits.reset(body, bodyPos, body.length, at);
        }
        int count = 0;
        if (bits.bit() != 0) {
            for (J2kTile.Band band : res.bands) {
                J2kTile.Precinct pr = J2kTile.precinct(res, band, p);
                for (int k = 0; k < pr.blocks.length; k++) {
                    J2kCodeBlock cb = pr.blocks[k];
                    boolean first = !cb.included;
                    boolean in = first ? pr.inclusion.below(k, layer + 1, bits) : bits.bit() != 0;
                    if (!in) {
                        continue;
                    }
                    if (first) {
                        int missing = pr.zeroPlanes.value(k, bits, 64);
                        cb.numbps = band.mb - missing;
                        cb.included = true;
                    }
                    int passes = passCount();
                    while (bits.bit() != 0) {
                        if (++cb.lblock > 32) {
                            throw J2kDecoder.malformed("JPEG 2000 code-block length indicator beyond 32 bits",
                                    bits.offset());
                        }
                    }
                    cb.pending = segments(cb, passes, comp.style.cbStyle());
                    if (count == contributing.length) {
                        contributing = java.util.Arrays.copyOf(contributing, count * 2);
                    }
                    contributing[count++] = cb;
                }
            }
        }
        bits.align();
        int pos = bits.position();
        if (eph) {
            byte[] src = headers != null ? headers : body;
            if (pos + 2 <= src.length && J2kCodestream.u16(src, pos) == 0xFF92) {
                pos += 2;
            }
        }
        if (headers != null) {
            headerPos = pos;
        } else {
            bodyPos = pos;
        }
        for (int i = 0; i < count; i++) {
            J2kCodeBlock cb = contributing[i];
            if (cb.pending > body.length - bodyPos) {
                throw J2kDecoder.truncated("JPEG 2000 packet data runs past the end of the tile", at + bodyPos);
            }
            cb.append(body, bodyPos, cb.pending);
            bodyPos += cb.pending;
            cb.pending = 0;
        }
    }

    /** Number of new coding passes (Table B.4). */
    private int passCount() throws DicomException {
        if (bits.bit() == 0) {
            return 1;
        }
        if (bits.bit() == 0) {
            return 2;
        }
        int v = bits.bits(2);
        if (v < 3) {
            return 3 + v;
        }
        v = bits.bits(5);
        if (v < 31) {
            return 6 + v;
        }
        return 37 + bits.bits(7);
    }

    /** Reads the lengths of the codeword segments that {@code passes} new passes touch; returns their sum. */
    private int segments(J2kCodeBlock cb, int passes, int style) throws DicomException {
        if (cb.passes + passes > 3 * 32) {
            throw J2kDecoder.malformed("JPEG 2000 code-block with " + (cb.passes + passes) + " coding passes",
                    bits.offset());
        }
        int total = 0;
        int left = passes;
        while (left > 0) {
            if (cb.segCount == 0
                    || cb.segPasses[cb.segCount - 1] == J2kCodeBlock.segmentCapacity(cb.segCount - 1, style)) {
                cb.newSegment();
            }
            int s = cb.segCount - 1;
            int take = Math.min(left, J2kCodeBlock.segmentCapacity(s, style) - cb.segPasses[s]);
            int n = cb.lblock + 31 - Integer.numberOfLeadingZeros(take);
            if (n > 31) {
                throw J2kDecoder.malformed("JPEG 2000 codeword length of " + n + " bits", bits.offset());
            }
            int len = bits.bits(n);
            cb.segPasses[s] += take;
            cb.segLen[s] += len;
            total += len;
            if (total < 0) {
                throw J2kDecoder.malformed("JPEG 2000 code-block length overflow", bits.offset());
            }
            left -= take;
        }
        cb.passes += passes;
        return total;
    }
}
