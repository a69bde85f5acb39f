package org.reslens.dicom.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.reslens.dicom.DicomException;

/**
 * One tile being decoded: the partition of each component into resolutions, subbands, precincts and code-blocks
 * (ISO 15444-1 B.5 to B.7), filled by {@link J2kPackets}, then tier-1 for every code-block and the inverse wavelet
 * transform, leaving each component's samples (before the component transform and DC shift) in a buffer.
 */
final class J2kTile {
    private static final ThreadLocal<J2kBlockDecoder> DECODERS = ThreadLocal.withInitial(J2kBlockDecoder::new);

    final int x0;
    final int y0;
    final int x1;
    final int y1;
    final Component[] comps;

    static final class Component {
        final int x0;
        final int y0;
        final int x1;
        final int y1;
        final J2kCodingStyle style;
        final Resolution[] res;
        int[] ints;
        float[] floats;

        Component(int x0, int y0, int x1, int y1, J2kCodingStyle style) {
            this.x0 = x0;
            this.y0 = y0;
            this.x1 = x1;
            this.y1 = y1;
            this.style = style;
            this.res = new Resolution[style.levels() + 1];
        }

        int width() {
            return x1 - x0;
        }

        int height() {
            return y1 - y0;
        }
    }

    static final class Resolution {
        final int x0;
        final int y0;
        final int x1;
        final int y1;
        final int ppx;
        final int ppy;
        final int pw;
        final int ph;
        final Band[] bands;
        final int[] nextLayer;

        Resolution(int x0, int y0, int x1, int y1, int ppx, int ppy, int bandCount) {
            this.x0 = x0;
            this.y0 = y0;
            this.x1 = x1;
            this.y1 = y1;
            this.ppx = ppx;
            this.ppy = ppy;
            this.pw = x1 > x0 ? (int) (J2kCodestream.ceilDiv(x1, 1L << ppx) - (x0 >> ppx)) : 0;
            this.ph = y1 > y0 ? (int) (J2kCodestream.ceilDiv(y1, 1L << ppy) - (y0 >> ppy)) : 0;
            this.bands = new Band[bandCount];
            this.nextLayer = new int[pw * ph];
        }
    }

    static final class Band {
        final int orientation;
        final int x0;
        final int y0;
        final int x1;
        final int y1;
        /** Bit-planes of the band (Mb, E-2), ROI shift included. */
        final int mb;
        /** Half the quantisation step, the factor from tier-1's doubled magnitudes (irreversible only). */
        final float halfStep;
        /** Where the band's first sample goes in the component buffer. */
        final int offsetX;
        final int offsetY;
        final int cbWidthExp;
        final int cbHeightExp;
        final Precinct[] precincts;

        Band(int orientation, int x0, int y0, int x1, int y1, int mb, float halfStep, int offsetX, int offsetY,
             int precinctCount, J2kCodingStyle style) {
            this.cbWidthExp = style.cbWidthExp();
            this.cbHeightExp = style.cbHeightExp();
            this.orientation = orientation;
            this.x0 = x0;
            this.y0 = y0;
            this.x1 = x1;
            this.y1 = y1;
            this.mb = mb;
            this.halfStep = halfStep;
            this.offsetX = offsetX;
            this.offsetY = offsetY;
            this.precincts = new Precinct[precinctCount];
        }
    }

    static final class Precinct {
        final int cw;
        final int ch;
        final J2kCodeBlock[] blocks;
        final J2kTagTree inclusion;
        final J2kTagTree zeroPlanes;

        Precinct(int cw, int ch, J2kCodeBlock[] blocks) {
            this.cw = cw;
            this.ch = ch;
            this.blocks = blocks;
            this.inclusion = blocks.length == 0 ? null : new J2kTagTree(cw, ch);
            this.zeroPlanes = blocks.length == 0 ? null : new J2kTagTree(cw, ch);
        }
    }

    private final int[] roiShift;

    J2kTile(J2kCodestream cs, int index, J2kCodestream.Tile tile) throws DicomException {
        int p = index % cs.tilesX;
        int q = index / cs.tilesX;
        x0 = (int) Math.max((long) cs.tileX0 + (long) p * cs.tileW, cs.x0);
        y0 = (int) Math.max((long) cs.tileY0 + (long) q * cs.tileH, cs.y0);
        x1 = (int) Math.min((long) cs.tileX0 + (long) (p + 1) * cs.tileW, cs.x1);
        y1 = (int) Math.min((long) cs.tileY0 + (long) (q + 1) * cs.tileH, cs.y1);
        comps = new Component[cs.components];
        roiShift = new int[cs.components];
        for (int c = 0; c < cs.components; c++) {
            J2kCodingStyle style = cs.style(tile, c);
            J2kQuantization quant = cs.quantization(tile, c);
            if (style == null || quant == null) {
                throw J2kDecoder.malformed("JPEG 2000 codestream without " + (style == null ? "COD" : "QCD")
                        + " for component " + c, tile.firstOffset);
            }
            roiShift[c] = tile.header.roiShift[c] != 0 ? tile.header.roiShift[c] : cs.main.roiShift[c];
            comps[c] = build(c, style, quant, cs.precision[c], roiShift[c], tile.firstOffset);
        }
    }

    private Component build(int c, J2kCodingStyle style, J2kQuantization quant, int precision, int roi,
                            long at) throws DicomException {
        Component comp = new Component(x0, y0, x1, y1, style);
        int levels = style.levels();
        if (!style.reversible() && quant.style() == 0) {
            throw J2kDecoder.malformed("JPEG 2000 9/7 wavelet without quantisation steps", at);
        }
        for (int r = 0; r <= levels; r++) {
            int shift = levels - r;
            int rx0 = (int) J2kCodestream.ceilDiv(x0, 1L << shift);
            int ry0 = (int) J2kCodestream.ceilDiv(y0, 1L << shift);
            int rx1 = (int) J2kCodestream.ceilDiv(x1, 1L << shift);
            int ry1 = (int) J2kCodestream.ceilDiv(y1, 1L << shift);
            Resolution res = new Resolution(rx0, ry0, rx1, ry1, style.ppx()[r], style.ppy()[r], r == 0 ? 1 : 3);
            comp.res[r] = res;
            int lowW = r == 0 ? 0 : comp.res[r - 1].x1 - comp.res[r - 1].x0;
            int lowH = r == 0 ? 0 : comp.res[r - 1].y1 - comp.res[r - 1].y0;
            int nb = r == 0 ? levels : levels - r + 1;
            for (int b = 0; b < res.bands.length; b++) {
                int orient = r == 0 ? 0 : b + 1;
                int xo = orient & 1;
                int yo = orient >> 1;
                long half = nb == 0 ? 0 : 1L << (nb - 1);
                int bx0 = (int) J2kCodestream.ceilDiv(x0 - xo * half, 1L << nb);
                int by0 = (int) J2kCodestream.ceilDiv(y0 - yo * half, 1L << nb);
                int bx1 = (int) J2kCodestream.ceilDiv(x1 - xo * half, 1L << nb);
                int by1 = (int) J2kCodestream.ceilDiv(y1 - yo * half, 1L << nb);
                int bandIndex = r == 0 ? 0 : 3 * (r - 1) + orient;
                int eps = quant.exponent(bandIndex, levels);
                if (eps < 0) {
                    throw J2kDecoder.malformed("JPEG 2000 quantisation lacks a step for subband " + bandIndex, at);
                }
                int mb = quant.guardBits() + eps - 1 + roi;
                if (mb > 30 || mb < 0) {
                    throw J2kDecoder.malformed("JPEG 2000 subband with " + mb + " bit-planes", at);
                }
                float halfStep = 0;
                if (!style.reversible()) {
                    int gain = orient == 0 ? 0 : orient == 3 ? 2 : 1;
                    double step = Math.pow(2, precision + gain - eps) * (1 + quant.mantissa(bandIndex) / 2048.0);
                    halfStep = (float) (step / 2);
                }
                Band band = new Band(orient, bx0, by0, bx1, by1, mb, halfStep, xo * lowW, yo * lowH,
                        res.pw * res.ph, style);
                res.bands[b] = band;
            }
        }
        return comp;
    }

    /**
     * The precinct {@code index} of {@code band}, built when its first packet arrives: every packet costs the
     * codestream at least a byte, so a hostile header cannot make us allocate structures for millions of
     * precincts it never sends.
     */
    static Precinct precinct(Resolution res, Band band, int index) {
        Precinct pr = band.precincts[index];
        if (pr == null) {
            pr = buildPrecinct(res, band, index);
            band.precincts[index] = pr;
        }
        return pr;
    }

    private static Precinct buildPrecinct(Resolution res, Band band, int index) {
        int i = index % res.pw;
        int j = index / res.pw;
        // in the band, precincts are half as large as on the resolution grid (except at resolution 0)
        int bppx = band.orientation == 0 ? res.ppx : res.ppx - 1;
        int bppy = band.orientation == 0 ? res.ppy : res.ppy - 1;
        int cbx = Math.min(band.cbWidthExp, bppx);
        int cby = Math.min(band.cbHeightExp, bppy);
        long px0 = Math.max((long) ((res.x0 >> res.ppx) + i) << bppx, band.x0);
        long py0 = Math.max((long) ((res.y0 >> res.ppy) + j) << bppy, band.y0);
        long px1 = Math.min((long) ((res.x0 >> res.ppx) + i + 1) << bppx, band.x1);
        long py1 = Math.min((long) ((res.y0 >> res.ppy) + j + 1) << bppy, band.y1);
        if (px1 <= px0 || py1 <= py0) {
            return new Precinct(0, 0, new J2kCodeBlock[0]);
        }
        long gx0 = px0 >> cbx;
        long gy0 = py0 >> cby;
        int cw = (int) (J2kCodestream.ceilDiv(px1, 1L << cbx) - gx0);
        int ch = (int) (J2kCodestream.ceilDiv(py1, 1L << cby) - gy0);
        J2kCodeBlock[] blocks = new J2kCodeBlock[cw * ch];
        for (int v = 0; v < ch; v++) {
            for (int u = 0; u < cw; u++) {
                int bx0 = (int) Math.max((gx0 + u) << cbx, px0);
                int by0 = (int) Math.max((gy0 + v) << cby, py0);
                int bx1 = (int) Math.min((gx0 + u + 1) << cbx, px1);
                int by1 = (int) Math.min((gy0 + v + 1) << cby, py1);
                blocks[v * cw + u] = new J2kCodeBlock(bx0, by0, bx1, by1);
            }
        }
        return new Precinct(cw, ch, blocks);
    }

    /** Tier-1 for every code-block that received data, then the inverse DWT of each component. */
    void reconstruct(int parallelMinSamples) {
        List<BlockJob> work = new ArrayList<>();
        long samples = 0;
        for (int c = 0; c < comps.length; c++) {
            Component comp = comps[c];
            int n = comp.width() * comp.height();
            if (comp.style.reversible()) {
                comp.ints = new int[n];
            } else {
                comp.floats = new float[n];
            }
            for (Resolution res : comp.res) {
                for (Band band : res.bands) {
                    for (Precinct pr : band.precincts) {
                        if (pr == null) {
                            continue; // no packet of this precinct was read
                        }
                        for (J2kCodeBlock cb : pr.blocks) {
                            if (cb.passes > 0 && cb.numbps > 0) {
                                work.add(new BlockJob(comp, band, cb, roiShift[c]));
                                samples += (long) (cb.x1 - cb.x0) * (cb.y1 - cb.y0);
                            }
                        }
                    }
                }
            }
        }
        int helpers = ForkJoinPool.getCommonPoolParallelism();
        if (samples >= parallelMinSamples && work.size() > 1 && helpers > 0
                && Runtime.getRuntime().availableProcessors() > 1) {
            decodeInParallel(work, helpers);
        } else {
            for (BlockJob w : work) {
                decodeBlock(w);
            }
        }
        for (Component comp : comps) {
            if (comp.style.reversible()) {
                J2kWavelet.inverse53(comp);
            } else {
                J2kWavelet.inverse97(comp);
            }
        }
    }

    /**
     * The calling thread and up to {@code helpers} common-pool workers take code-blocks from one queue, the
     * costliest first, until it is empty. Splitting the list into fixed halves (as a parallel stream does) left
     * one thread with the small blocks of the low resolutions and the other waiting at the end; taken one at a
     * time, largest first, the blocks keep both threads busy until the last small ones. A worker that starts late
     * finds the queue empty and returns (the caller runs a slot no worker took itself), so with a busy pool the
     * caller decodes alone instead of waiting.
     */
    private static void decodeInParallel(List<BlockJob> work, int helpers) {
        BlockJob[] jobs = work.toArray(new BlockJob[0]);
        Arrays.sort(jobs, Comparator.comparingLong(BlockJob::cost).reversed());
        AtomicInteger next = new AtomicInteger();
        IntStream.rangeClosed(0, Math.min(helpers, jobs.length - 1)).parallel().forEach(slot -> {
            for (int k = next.getAndIncrement(); k < jobs.length; k = next.getAndIncrement()) {
                decodeBlock(jobs[k]);
            }
        });
    }

    /** One code-block to run through tier-1, and where its coefficients go. */
    private record BlockJob(Component comp, Band band, J2kCodeBlock cb, int roi) {
        /** Tier-1 time grows with the coded bytes (the MQ decisions) and the samples the passes scan. */
        long cost() {
            return cb.length * 8L + (long) (cb.x1 - cb.x0) * (cb.y1 - cb.y0);
        }
    }

    private static void decodeBlock(BlockJob job) {
        Component comp = job.comp();
        Band band = job.band();
        J2kCodeBlock cb = job.cb();
        int roi = job.roi();
        int bw = cb.x1 - cb.x0;
        int bh = cb.y1 - cb.y0;
        J2kBlockDecoder decoder = DECODERS.get();
        decoder.decode(bw, bh, band.orientation, comp.style.cbStyle(), cb.numbps, cb.data, cb.segLen,
                cb.segPasses, cb.segCount);
        int[] scratch = decoder.samples();
        int at = decoder.samplesAt();
        int stride = comp.width();
        int base = (cb.y0 - band.y0 + band.offsetY) * stride + (cb.x0 - band.x0 + band.offsetX);
        if (comp.ints != null && roi == 0) {
            // tier-1 doubles magnitudes: halve towards zero
            int[] dst = comp.ints;
            for (int y = 0; y < bh; y++) {
                System.arraycopy(scratch, at + y * bw, dst, base + y * stride, bw);
                for (int o = base + y * stride, end = o + bw; o < end; o++) {
                    dst[o] /= 2;
                }
            }
        } else if (comp.ints != null) {
            int[] dst = comp.ints;
            for (int y = 0; y < bh; y++) {
                int o = base + y * stride;
                int s = at + y * bw;
                for (int x = 0; x < bw; x++) {
                    int v = scratch[s + x];
                    int mag = (v < 0 ? -v : v) >> 1;
                    if (roi > 0 && mag >= 1 << roi) {
                        mag >>= roi;
                    }
                    dst[o + x] = v < 0 ? -mag : mag;
                }
            }
        } else {
            float[] dst = comp.floats;
            float step = band.halfStep;
            for (int y = 0; y < bh; y++) {
                int o = base + y * stride;
                int s = at + y * bw;
                for (int x = 0; x < bw; x++) {
                    int v = scratch[s + x];
                    if (roi > 0) {
                        int mag = (v < 0 ? -v : v);
                        if (mag >> 1 >= 1 << roi) {
                            mag >>= roi;
                        }
                        v = v < 0 ? -mag : mag;
                    }
                    dst[o + x] = v * step;
                }
            }
        }
    }
}
