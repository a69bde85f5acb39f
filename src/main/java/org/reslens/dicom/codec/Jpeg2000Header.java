package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * The facts of a JPEG 2000 codestream's SIZ segment (ISO 15444-1 A.5.1) that DICOM cares about: size, components,
 * precision and signedness, read before decoding so they can be checked against the DICOM header.
 */
public record Jpeg2000Header(int width, int height, int components, int precision, boolean signed) {

    public static Jpeg2000Header read(byte[] d, int off, int len) throws DicomException {
        int p = off;
        int end = off + len;
        // A JP2 file wrapper is not allowed in DICOM, but some writers add it: find the codestream inside.
        if (len >= 12 && d[p + 4] == 'j' && d[p + 5] == 'P') {
            for (int i = p; i + 1 < end; i++) {
                if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0x4F && i + 3 < end && (d[i + 2] & 0xFF) == 0xFF
                        && (d[i + 3] & 0xFF) == 0x51) {
                    p = i;
                    break;
                }
            }
        }
        if (p + 4 > end || (d[p] & 0xFF) != 0xFF || (d[p + 1] & 0xFF) != 0x4F) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG 2000 codestream does not start with SOC (FF4F)", p);
        }
        p += 2;
        if ((d[p] & 0xFF) != 0xFF || (d[p + 1] & 0xFF) != 0x51) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG 2000 SOC is not followed by SIZ (FF51)", p);
        }
        if (p + 40 > end) {
            throw new DicomException(ErrorKind.TRUNCATED, "JPEG 2000 SIZ segment cut short", p);
        }
        int lsiz = u16(d, p + 2);
        long xsiz = u32(d, p + 6);
        long ysiz = u32(d, p + 10);
        long xo = u32(d, p + 14);
        long yo = u32(d, p + 18);
        int csiz = u16(d, p + 38);
        if (csiz < 1 || csiz > 4 || lsiz != 38 + 3 * csiz || p + 2 + lsiz > end) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG 2000 SIZ segment with " + csiz + " components and length "
                    + lsiz, p);
        }
        long w = xsiz - xo;
        long h = ysiz - yo;
        if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG 2000 image size " + w + "x" + h, p);
        }
        int precision = 0;
        boolean signed = false;
        for (int c = 0; c < csiz; c++) {
            int ssiz = d[p + 40 + 3 * c] & 0xFF;
            precision = Math.max(precision, (ssiz & 0x7F) + 1);
            signed |= (ssiz & 0x80) != 0;
        }
        if (precision > 16) {
            throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "JPEG 2000 precision " + precision
                    + " bits is beyond 16", p);
        }
        return new Jpeg2000Header((int) w, (int) h, csiz, precision, signed);
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
    }

    private static long u32(byte[] d, int i) {
        return ((d[i] & 0xFFL) << 24) | ((d[i + 1] & 0xFFL) << 16) | ((d[i + 2] & 0xFFL) << 8) | (d[i + 3] & 0xFFL);
    }
}
