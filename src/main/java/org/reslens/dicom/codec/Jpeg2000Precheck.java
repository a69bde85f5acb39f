package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Walks a JPEG 2000 codestream's marker segments and tile-parts (ISO 15444-1 A.4) before jai-imageio sees it, and
 * refuses the two shapes on which its JJ2000 packet header reader never returns (both found by fuzzing):
 * <ul>
 *   <li>two 0xFF bytes in a row inside packet data: the bit reader keeps the second as its look-ahead and reads it
 *       again forever (bit stuffing makes the pair impossible in a valid codestream, so this is MALFORMED);
 *   <li>packed packet headers (PPM, PPT): JJ2000 reads them from a ByteArrayInputStream and turns its end-of-data -1
 *       into endless one bits, which no input stream of ours can stop (UNSUPPORTED; DICOM encoders do not write them).
 * </ul>
 * A codestream whose structure cannot be walked is refused as well: what the walk cannot check is not handed on.
 */
final class Jpeg2000Precheck {
    private static final int SOC = 0xFF4F;
    private static final int SOT = 0xFF90;
    private static final int SOD = 0xFF93;
    private static final int PPM = 0xFF60;
    private static final int PPT = 0xFF61;

    private Jpeg2000Precheck() {
    }

    static void check(byte[] d, int off, int len) throws DicomException {
        int end = off + len;
        int p = codestreamStart(d, off, end);
        checkTileCount(d, p + 2, end, len, off);
        p += 2;
        // main header, up to the first tile-part
        while (true) {
            if (p + 4 > end) {
                throw malformed("JPEG 2000 main header ends before the first tile-part", p - off);
            }
            int marker = u16(d, p);
            if (marker == SOT) {
                break;
            }
            p = segmentEnd(d, p, end, marker, off);
        }
        while (p + 12 <= end && u16(d, p) == SOT) {
            int tilePart = p;
            long psot = u32(d, p + 6);
            if (psot != 0 && psot < 14) {
                throw malformed("JPEG 2000 tile-part length " + psot, p - off);
            }
            int tpEnd = psot == 0 || tilePart + psot > end ? end : (int) (tilePart + psot);
            int q = p + 12;
            while (true) {
                if (q + 2 > tpEnd) {
                    throw malformed("JPEG 2000 tile-part without SOD", tilePart - off);
                }
                int marker = u16(d, q);
                if (marker == SOD) {
                    break;
                }
                q = segmentEnd(d, q, tpEnd, marker, off);
            }
            // packet data, and the byte after it (the reader looks one byte ahead)
            for (int i = q + 2; i + 1 < Math.min(end, tpEnd + 1); i++) {
                if (d[i] == (byte) 0xFF && d[i + 1] == (byte) 0xFF) {
                    throw malformed("JPEG 2000 packet data holds two 0xFF bytes in a row", i - off);
                }
            }
            if (psot == 0 || tpEnd == end) {
                return;
            }
            p = tpEnd;
        }
        // Then EOC, DICOM's padding byte, or bytes JJ2000 does not read as packets.
    }

    /**
     * Every tile has at least one tile-part of at least 14 bytes (SOT segment and SOD), so a SIZ declaring more tiles
     * than that is a lie; and JJ2000 allocates per-tile tables for all of them while reading the header (1 x 1 tiles
     * over a 2048 x 2048 image took it past 30 s, found by fuzzing).
     */
    private static void checkTileCount(byte[] d, int siz, int end, int len, int off) throws DicomException {
        if (siz + 38 > end || u16(d, siz) != 0xFF51) {
            throw malformed("JPEG 2000 SOC is not followed by a complete SIZ segment", siz - off);
        }
        long xsiz = u32(d, siz + 6);
        long ysiz = u32(d, siz + 10);
        long xtsiz = u32(d, siz + 22);
        long ytsiz = u32(d, siz + 26);
        long xtosiz = u32(d, siz + 30);
        long ytosiz = u32(d, siz + 34);
        if (xtsiz == 0 || ytsiz == 0 || xtosiz >= xsiz || ytosiz >= ysiz) {
            throw malformed("JPEG 2000 tiling " + xtsiz + "x" + ytsiz + " at " + xtosiz + "," + ytosiz
                    + " does not cover the " + xsiz + "x" + ysiz + " reference grid", siz - off);
        }
        long tiles = ((xsiz - xtosiz + xtsiz - 1) / xtsiz) * ((ysiz - ytosiz + ytsiz - 1) / ytsiz);
        if (tiles > len / 14) {
            throw malformed("JPEG 2000 SIZ declares " + tiles + " tiles, more than " + len + " bytes can hold",
                    siz - off);
        }
    }

    private static int codestreamStart(byte[] d, int off, int end) throws DicomException {
        if (end - off >= 2 && u16(d, off) == SOC) {
            return off;
        }
        // A JP2 wrapper (not allowed in DICOM, but written): the codestream is inside, as Jpeg2000Header finds it.
        for (int i = off; i + 3 < end; i++) {
            if (u16(d, i) == SOC && u16(d, i + 2) == 0xFF51) {
                return i;
            }
        }
        throw malformed("JPEG 2000 codestream does not start with SOC", 0);
    }

    /** Returns the end of the marker segment at {@code p}; refuses packed packet headers and broken segments. */
    private static int segmentEnd(byte[] d, int p, int limit, int marker, int off) throws DicomException {
        if ((marker & 0xFF00) != 0xFF00 || marker < 0xFF30) {
            throw malformed(String.format("JPEG 2000 header holds 0x%04X where a marker belongs", marker), p - off);
        }
        if (marker == PPM || marker == PPT) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG 2000 packed packet headers ("
                    + (marker == PPM ? "PPM" : "PPT") + ") are not decoded", p - off);
        }
        if (p + 4 > limit) {
            throw malformed(String.format("JPEG 2000 marker segment 0x%04X cut short", marker), p - off);
        }
        int length = u16(d, p + 2);
        if (length < 2 || p + 2 + length > limit) {
            throw malformed(String.format("JPEG 2000 marker segment 0x%04X of length %d", marker, length), p - off);
        }
        return p + 2 + length;
    }

    private static DicomException malformed(String detail, int at) {
        return new DicomException(ErrorKind.MALFORMED, detail, at);
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
    }

    private static long u32(byte[] d, int i) {
        return ((d[i] & 0xFFL) << 24) | ((d[i + 1] & 0xFFL) << 16) | ((d[i + 2] & 0xFFL) << 8) | (d[i + 3] & 0xFFL);
    }
}
