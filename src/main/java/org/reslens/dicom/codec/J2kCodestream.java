package org.reslens.dicom.codec;

import java.io.ByteArrayOutputStream;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The marker segments of a JPEG 2000 codestream (ISO 15444-1 Annex A): SIZ and the main-header coding defaults,
 * then the tile-parts, gathered per tile into one run of packet data with the tile's own header overrides and its
 * packed packet headers (PPM or PPT), if any. Nothing is decoded here beyond the headers.
 */
final class J2kCodestream {
    static final int SOC = 0xFF4F;
    static final int SIZ = 0xFF51;
    static final int COD = 0xFF52;
    static final int COC = 0xFF53;
    static final int QCD = 0xFF5C;
    static final int QCC = 0xFF5D;
    static final int RGN = 0xFF5E;
    static final int POC = 0xFF5F;
    static final int PPM = 0xFF60;
    static final int PPT = 0xFF61;
    static final int CAP = 0xFF50;
    static final int SOT = 0xFF90;
    static final int SOD = 0xFF93;
    static final int EOC = 0xFFD9;

    final byte[] data;
    final int base;
    // SIZ
    int x0;
    int y0;
    int x1;
    int y1;
    int tileW;
    int tileH;
    int tileX0;
    int tileY0;
    final int components;
    int[] precision;
    boolean[] signed;
    int tilesX;
    int tilesY;
    final Defaults main;
    Tile[] tiles;

    /** Coding parameters of one header level (main or tile): COD globals, COD/COC styles, QCD/QCC, RGN, POC. */
    static final class Defaults {
        int progression = -1;
        int layers;
        int mct;
        boolean sop;
        boolean eph;
        J2kCodingStyle cod;
        J2kCodingStyle[] coc;
        J2kQuantization qcd;
        J2kQuantization[] qcc;
        int[] roiShift;
        int[][] poc; // rows of {rs, cs, lye, re, ce, order}

        Defaults(int comps) {
            coc = new J2kCodingStyle[comps];
            qcc = new J2kQuantization[comps];
            roiShift = new int[comps];
        }
    }

    /** One tile: its header overrides and its packet data, tile-parts concatenated. */
    static final class Tile {
        final Defaults header;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream packedHeaders;
        int parts;
        long firstOffset;

        Tile(int comps) {
            header = new Defaults(comps);
        }
    }

    private J2kCodestream(byte[] data, int base, int comps) {
        this.data = data;
        this.base = base;
        this.components = comps;
        this.main = new Defaults(comps);
    }

    static J2kCodestream parse(byte[] d, int off, int len, long maxSamples) throws DicomException {
        int end = off + len;
        int p = off;
        // A JP2 wrapper is not allowed in DICOM, but some writers add it: decode the codestream inside.
        if (len >= 12 && d[off + 4] == 'j' && d[off + 5] == 'P') {
            for (int i = off; i + 3 < end; i++) {
                if (u16(d, i) == SOC && u16(d, i + 2) == SIZ) {
                    p = i;
                    break;
                }
            }
        }
        if (p + 2 > end || u16(d, p) != SOC) {
            throw J2kDecoder.malformed("JPEG 2000 codestream does not start with SOC (FF4F)", p - off);
        }
        p += 2;
        if (p + 4 > end || u16(d, p) != SIZ) {
            throw J2kDecoder.malformed("JPEG 2000 SOC is not followed by SIZ (FF51)", p - off);
        }
        int sizLen = segmentLength(d, p, end, off);
        if (sizLen < 41) {
            throw J2kDecoder.malformed("JPEG 2000 SIZ segment of length " + sizLen, p - off);
        }
        int comps = u16(d, p + 38);
        if (comps < 1 || comps > 16384 || sizLen != 38 + 3 * comps) {
            throw J2kDecoder.malformed("JPEG 2000 SIZ segment with " + comps + " components and length " + sizLen,
                    p - off);
        }
        J2kCodestream cs = new J2kCodestream(d, off, comps);
        cs.readSiz(p, maxSamples);
        p += 2 + sizLen;
        byte[] ppm = cs.readHeader(p, end, cs.main, true);
        p = cs.headerEnd;
        cs.readTileParts(p, end, ppm);
        return cs;
    }

    /** Where the last {@link #readHeader} call stopped: the SOT or SOD marker. */
    private int headerEnd;

    private void readSiz(int p, long maxSamples) throws DicomException {
        int rsiz = u16(data, p + 4);
        x1 = s32(p + 6);
        y1 = s32(p + 10);
        x0 = s32(p + 14);
        y0 = s32(p + 18);
        tileW = s32(p + 22);
        tileH = s32(p + 26);
        tileX0 = s32(p + 30);
        tileY0 = s32(p + 34);
        if ((rsiz & 0x4000) != 0) {
            throw unsupported("JPEG 2000 Part 15 (HTJ2K) codestream (Rsiz 0x" + Integer.toHexString(rsiz) + ")", p);
        }
        long w = (long) x1 - x0;
        long h = (long) y1 - y0;
        if (x1 <= x0 || y1 <= y0 || w > 65535 || h > 65535 || tileW <= 0 || tileH <= 0 || tileX0 > x0
                || tileY0 > y0 || (long) tileX0 + tileW <= x0 || (long) tileY0 + tileH <= y0) {
            throw J2kDecoder.malformed("JPEG 2000 image area " + x0 + "," + y0 + "-" + x1 + "," + y1 + " with tiles "
                    + tileW + "x" + tileH + " at " + tileX0 + "," + tileY0, p - base);
        }
        if (w * h * components > maxSamples) {
            throw J2kDecoder.malformed("JPEG 2000 codestream declares " + w + "x" + h + "x" + components
                    + ", more than the image holds", p - base);
        }
        precision = new int[components];
        signed = new boolean[components];
        for (int c = 0; c < components; c++) {
            int q = p + 40 + 3 * c;
            int ssiz = data[q] & 0xFF;
            precision[c] = (ssiz & 0x7F) + 1;
            signed[c] = (ssiz & 0x80) != 0;
            if (precision[c] > 16) {
                throw unsupported("JPEG 2000 precision " + precision[c] + " bits (beyond 16)", q);
            }
            if (data[q + 1] != 1 || data[q + 2] != 1) {
                if (data[q + 1] == 0 || data[q + 2] == 0) {
                    throw J2kDecoder.malformed("JPEG 2000 component subsampling of zero", q - base);
                }
                throw unsupported("JPEG 2000 component subsampling (XRsiz " + (data[q + 1] & 0xFF) + ", YRsiz "
                        + (data[q + 2] & 0xFF) + ")", q);
            }
        }
        long tx = ceilDiv((long) x1 - tileX0, tileW);
        long ty = ceilDiv((long) y1 - tileY0, tileH);
        if (tx * ty > 65535) {
            // Isot is 16 bits: no valid codestream has more tiles
            throw J2kDecoder.malformed("JPEG 2000 image of " + tx + " x " + ty + " tiles", p - base);
        }
        tilesX = (int) tx;
        tilesY = (int) ty;
        tiles = new Tile[tilesX * tilesY];
    }

    /**
     * Reads marker segments from {@code p} up to SOT (main header) or SOD (tile-part header) into {@code into};
     * returns the concatenated PPM payload for the main header. Sets {@link #headerEnd} to the stopping marker.
     */
    private byte[] readHeader(int p, int end, Defaults into, boolean isMain) throws DicomException {
        ByteArrayOutputStream ppm = null;
        while (true) {
            if (p + 2 > end) {
                throw J2kDecoder.truncated("JPEG 2000 " + (isMain ? "main" : "tile-part") + " header ends early",
                        p - base);
            }
            int marker = u16(data, p);
            if (marker == (isMain ? SOT : SOD)) {
                headerEnd = p;
                return ppm == null ? null : ppm.toByteArray();
            }
            if ((marker & 0xFF00) != 0xFF00 || marker < 0xFF30) {
                throw J2kDecoder.malformed(String.format("JPEG 2000 header holds 0x%04X where a marker belongs",
                        marker), p - base);
            }
            int len = segmentLength(data, p, end, base);
            int s = p + 4;
            int segEnd = p + 2 + len;
            switch (marker) {
                case COD -> readCod(s, segEnd, into);
                case COC -> readCoc(s, segEnd, into);
                case QCD -> into.qcd = readQuant(s, segEnd);
                case QCC -> {
                    int c = componentIndex(s);
                    into.qcc[c] = readQuant(s + (components < 257 ? 1 : 2), segEnd);
                }
                case RGN -> readRgn(s, segEnd, into);
                case POC -> readPoc(s, segEnd, into);
                case PPM -> {
                    if (!isMain) {
                        throw J2kDecoder.malformed("JPEG 2000 PPM segment in a tile-part header", p - base);
                    }
                    if (ppm == null) {
                        ppm = new ByteArrayOutputStream();
                    }
                    ppm.write(data, s + 1, segEnd - s - 1);
                }
                case SIZ, SOC, SOT, SOD, EOC -> throw J2kDecoder.malformed(String.format(
                        "JPEG 2000 marker 0x%04X out of place", marker), p - base);
                case CAP -> throw unsupported("JPEG 2000 extended capabilities (CAP marker, Part 15 HTJ2K)", p);
                default -> {
                    // TLM, PLM, PLT, CRG, COM and anything unknown: lengths and comments we do not need
                }
            }
            p = segEnd;
        }
    }

    private void readCod(int s, int segEnd, Defaults into) throws DicomException {
        need(s, 5, segEnd, "COD");
        int scod = data[s] & 0xFF;
        into.progression = data[s + 1] & 0xFF;
        into.layers = u16(data, s + 2);
        into.mct = data[s + 4] & 0xFF;
        into.sop = (scod & 2) != 0;
        into.eph = (scod & 4) != 0;
        if (into.progression > 4 || into.layers == 0 || into.mct > 1) {
            throw J2kDecoder.malformed("JPEG 2000 COD with progression " + into.progression + ", " + into.layers
                    + " layers, MCT " + into.mct, s - 4 - base);
        }
        if ((scod & ~7) != 0) {
            throw unsupported("JPEG 2000 COD style 0x" + Integer.toHexString(scod) + " (Part 2 partitions)", s);
        }
        into.cod = readStyle(s + 5, segEnd, (scod & 1) != 0);
    }

    private void readCoc(int s, int segEnd, Defaults into) throws DicomException {
        int c = componentIndex(s);
        int q = s + (components < 257 ? 1 : 2);
        need(q, 1, segEnd, "COC");
        into.coc[c] = readStyle(q + 1, segEnd, (data[q] & 1) != 0);
    }

    private J2kCodingStyle readStyle(int s, int segEnd, boolean precincts) throws DicomException {
        need(s, 5, segEnd, "coding style");
        int levels = data[s] & 0xFF;
        int xcb = (data[s + 1] & 0xFF) + 2;
        int ycb = (data[s + 2] & 0xFF) + 2;
        int style = data[s + 3] & 0xFF;
        int transform = data[s + 4] & 0xFF;
        if (levels > 32 || xcb > 10 || ycb > 10 || xcb + ycb > 12) {
            throw J2kDecoder.malformed("JPEG 2000 coding style with " + levels + " levels and code-blocks 2^" + xcb
                    + " x 2^" + ycb, s - base);
        }
        if ((style & J2kCodingStyle.STYLE_HT) != 0) {
            throw unsupported("JPEG 2000 HT code-blocks (Part 15 HTJ2K)", s);
        }
        if ((style & 0x80) != 0) {
            throw unsupported("JPEG 2000 code-block style 0x" + Integer.toHexString(style), s);
        }
        if (transform > 1) {
            throw unsupported("JPEG 2000 wavelet transform " + transform + " (Part 2 arbitrary kernels)", s);
        }
        int[] ppx = new int[levels + 1];
        int[] ppy = new int[levels + 1];
        for (int r = 0; r <= levels; r++) {
            if (precincts) {
                need(s + 5 + r, 1, segEnd, "precinct sizes");
                int v = data[s + 5 + r] & 0xFF;
                ppx[r] = v & 0xF;
                ppy[r] = v >> 4;
                if (r > 0 && (ppx[r] == 0 || ppy[r] == 0)) {
                    throw J2kDecoder.malformed("JPEG 2000 precinct size 2^0 above resolution 0", s - base);
                }
            } else {
                ppx[r] = 15;
                ppy[r] = 15;
            }
        }
        return new J2kCodingStyle(levels, xcb, ycb, style, transform == 1, ppx, ppy);
    }

    private J2kQuantization readQuant(int s, int segEnd) throws DicomException {
        need(s, 1, segEnd, "QCD/QCC");
        int sq = data[s] & 0xFF;
        int style = sq & 0x1F;
        int guard = sq >> 5;
        int n;
        int[] exps;
        int[] mants;
        if (style == 0) {
            n = segEnd - s - 1;
            exps = new int[n];
            mants = new int[n];
            for (int i = 0; i < n; i++) {
                exps[i] = (data[s + 1 + i] & 0xFF) >> 3;
            }
        } else if (style == 1 || style == 2) {
            n = (segEnd - s - 1) / 2;
            if (n == 0) {
                throw J2kDecoder.malformed("JPEG 2000 quantisation segment without steps", s - base);
            }
            exps = new int[n];
            mants = new int[n];
            for (int i = 0; i < n; i++) {
                int v = u16(data, s + 1 + 2 * i);
                exps[i] = v >> 11;
                mants[i] = v & 0x7FF;
            }
        } else {
            throw J2kDecoder.malformed("JPEG 2000 quantisation style " + style, s - base);
        }
        return new J2kQuantization(style, guard, exps, mants);
    }

    private void readRgn(int s, int segEnd, Defaults into) throws DicomException {
        int c = componentIndex(s);
        int q = s + (components < 257 ? 1 : 2);
        need(q, 2, segEnd, "RGN");
        if (data[q] != 0) {
            throw unsupported("JPEG 2000 region of interest style " + (data[q] & 0xFF), q);
        }
        into.roiShift[c] = data[q + 1] & 0xFF;
    }

    private void readPoc(int s, int segEnd, Defaults into) throws DicomException {
        int cw = components < 257 ? 1 : 2;
        int entry = 5 + 2 * cw;
        int n = (segEnd - s) / entry;
        if (n == 0 || (segEnd - s) % entry != 0) {
            throw J2kDecoder.malformed("JPEG 2000 POC segment of " + (segEnd - s) + " bytes", s - base);
        }
        int[][] rows = new int[n][];
        for (int i = 0; i < n; i++) {
            int q = s + i * entry;
            int rs = data[q] & 0xFF;
            int cs = cw == 1 ? data[q + 1] & 0xFF : u16(data, q + 1);
            int lye = u16(data, q + 1 + cw);
            int re = data[q + 3 + cw] & 0xFF;
            int ce = cw == 1 ? data[q + 4 + cw] & 0xFF : u16(data, q + 4 + cw);
            if (ce == 0) {
                ce = 256; // Table A.32: 0 means 256 components
            }
            int order = data[q + 4 + 2 * cw] & 0xFF;
            if (order > 4) {
                throw J2kDecoder.malformed("JPEG 2000 POC progression order " + order, q - base);
            }
            rows[i] = new int[] {rs, cs, lye, re, ce, order};
        }
        into.poc = into.poc == null ? rows : concat(into.poc, rows);
    }

    private static int[][] concat(int[][] a, int[][] b) {
        int[][] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private int componentIndex(int s) throws DicomException {
        int c = components < 257 ? data[s] & 0xFF : u16(data, s);
        if (c >= components) {
            throw J2kDecoder.malformed("JPEG 2000 segment for component " + c + " of " + components, s - base);
        }
        return c;
    }

    private void readTileParts(int p, int end, byte[] ppm) throws DicomException {
        int ppmPos = 0;
        while (p + 2 <= end) {
            int marker = u16(data, p);
            if (marker == EOC) {
                break;
            }
            if (marker != SOT) {
                if (marker == 0 || (data[p] != (byte) 0xFF)) {
                    break; // DICOM pads odd-length fragments; writers leave zeros after the last tile-part
                }
                throw J2kDecoder.malformed(String.format("JPEG 2000 0x%04X where a tile-part (SOT) belongs",
                        marker), p - base);
            }
            if (p + 12 > end) {
                throw J2kDecoder.truncated("JPEG 2000 SOT segment cut short", p - base);
            }
            if (u16(data, p + 2) != 10) {
                throw J2kDecoder.malformed("JPEG 2000 SOT segment of length " + u16(data, p + 2), p - base);
            }
            int index = u16(data, p + 4);
            long psot = u32(data, p + 6);
            int partIndex = data[p + 10] & 0xFF;
            if (index >= tiles.length) {
                throw J2kDecoder.malformed("JPEG 2000 tile-part of tile " + index + " of " + tiles.length, p - base);
            }
            if (psot != 0 && psot < 14) {
                throw J2kDecoder.malformed("JPEG 2000 tile-part length " + psot, p - base);
            }
            int partEnd;
            if (psot == 0) {
                partEnd = end;
                if (end - 2 > p && u16(data, end - 2) == EOC) {
                    partEnd = end - 2;
                } else if (end - 3 > p && u16(data, end - 3) == EOC && data[end - 1] == 0) {
                    partEnd = end - 3;
                }
            } else if (p + psot > end) {
                throw J2kDecoder.truncated("JPEG 2000 tile-part of " + psot + " bytes runs past the end of the data",
                        p - base);
            } else {
                partEnd = (int) (p + psot);
            }
            Tile tile = tiles[index];
            boolean first = tile == null;
            if (first) {
                tile = new Tile(components);
                tile.firstOffset = p - base;
                tiles[index] = tile;
            }
            Defaults scratch = first ? tile.header : new Defaults(components);
            // COD/COC/QCD/QCC/RGN belong in the first tile-part only; POC and PPT may follow in later ones
            readHeader(p + 12, partEnd, scratch, false);
            int sod = headerEnd;
            if (!first && scratch.poc != null) {
                tile.header.poc = tile.header.poc == null ? scratch.poc : concat(tile.header.poc, scratch.poc);
            }
            collectPpt(p + 12, sod, tile);
            if (partIndex != tile.parts) {
                throw unsupported("JPEG 2000 tile-parts of tile " + index + " out of order", p);
            }
            tile.parts++;
            if (ppm != null) {
                if (ppmPos + 4 > ppm.length) {
                    throw J2kDecoder.truncated("JPEG 2000 PPM headers end before tile-part of tile " + index,
                            p - base);
                }
                long n = u32(ppm, ppmPos);
                if (n > ppm.length - ppmPos - 4) {
                    throw J2kDecoder.truncated("JPEG 2000 PPM headers cut short", p - base);
                }
                if (tile.packedHeaders == null) {
                    tile.packedHeaders = new ByteArrayOutputStream();
                }
                tile.packedHeaders.write(ppm, ppmPos + 4, (int) n);
                ppmPos += 4 + (int) n;
            }
            tile.body.write(data, sod + 2, partEnd - sod - 2);
            p = partEnd;
        }
    }

    private void collectPpt(int p, int sod, Tile tile) throws DicomException {
        while (p < sod) {
            int len = u16(data, p + 2);
            if (u16(data, p) == PPT) {
                if (tile.packedHeaders == null) {
                    tile.packedHeaders = new ByteArrayOutputStream();
                }
                tile.packedHeaders.write(data, p + 5, len - 3);
            }
            p += 2 + len;
        }
    }

    /** The coding style of component {@code c} in {@code tile}: tile COC, tile COD, main COC, main COD. */
    J2kCodingStyle style(Tile tile, int c) {
        Defaults t = tile.header;
        if (t.coc[c] != null) {
            return t.coc[c];
        }
        if (t.cod != null) {
            return t.cod;
        }
        return main.coc[c] != null ? main.coc[c] : main.cod;
    }

    J2kQuantization quantization(Tile tile, int c) {
        Defaults t = tile.header;
        if (t.qcc[c] != null) {
            return t.qcc[c];
        }
        if (t.qcd != null) {
            return t.qcd;
        }
        return main.qcc[c] != null ? main.qcc[c] : main.qcd;
    }

    Defaults globals(Tile tile) {
        return tile.header.progression >= 0 ? tile.header : main;
    }

    private void need(int s, int n, int segEnd, String what) throws DicomException {
        if (s + n > segEnd) {
            throw J2kDecoder.malformed("JPEG 2000 " + what + " segment too short", s - base);
        }
    }

    private int s32(int i) throws DicomException {
        long v = u32(data, i);
        if (v > Integer.MAX_VALUE) {
            throw J2kDecoder.malformed("JPEG 2000 SIZ value " + v + " beyond 2^31", i - base);
        }
        return (int) v;
    }

    private DicomException unsupported(String what, int at) {
        return new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, what + " is not supported", at - base);
    }

    private static int segmentLength(byte[] d, int p, int end, int base) throws DicomException {
        if (p + 4 > end) {
            throw J2kDecoder.truncated("JPEG 2000 marker segment cut short", p - base);
        }
        int len = u16(d, p + 2);
        if (len < 2 || p + 2 + len > end) {
            throw J2kDecoder.malformed(String.format("JPEG 2000 marker segment 0x%04X of length %d", u16(d, p), len),
                    p - base);
        }
        return len;
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    static int u16(byte[] d, int i) {
        return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
    }

    static long u32(byte[] d, int i) {
        return ((d[i] & 0xFFL) << 24) | ((d[i + 1] & 0xFFL) << 16) | ((d[i + 2] & 0xFFL) << 8) | (d[i + 3] & 0xFFL);
    }
}
