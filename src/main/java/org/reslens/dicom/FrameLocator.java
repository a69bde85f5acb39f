package org.reslens.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps the fragments of encapsulated Pixel Data to frames (PS3.5 A.4): through the Extended Offset Table when present,
 * else the Basic Offset Table, else one fragment per frame, else by finding each frame's codestream start marker.
 */
final class FrameLocator {
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    /** Value offset and length of each fragment, and its item tag offset relative to the first fragment's. */
    private final long[] fragmentValue;
    private final long[] fragmentLength;
    /** For frame i, fragments [frameFirst[i], frameFirst[i] + frameCount[i]); frameBytes[i] &gt;= 0 caps the length. */
    private final int[] frameFirst;
    private final int[] frameCount;
    private final long[] frameBytes;

    private FrameLocator(long[] fv, long[] fl, int[] first, int[] count, long[] bytes) {
        this.fragmentValue = fv;
        this.fragmentLength = fl;
        this.frameFirst = first;
        this.frameCount = count;
        this.frameBytes = bytes;
    }

    static FrameLocator scan(ByteSource src, PixelDataInfo pd, Attributes ds, int frames, TransferSyntax ts)
            throws DicomException {
        DicomInput in = new DicomInput(src);
        in.bigEndian(false);
        in.seek(pd.valueOffset());
        long botAt = in.position();
        int tag = in.tag("Basic Offset Table item");
        long botLen = in.u32("Basic Offset Table length");
        if (tag != ITEM) {
            throw new DicomException(ErrorKind.MALFORMED, "encapsulated Pixel Data does not start with an item", botAt);
        }
        if (botLen % 4 != 0 || botLen > in.remaining()) {
            throw new DicomException(botLen > in.remaining() ? ErrorKind.TRUNCATED : ErrorKind.MALFORMED,
                    "Basic Offset Table length " + botLen + " is invalid", botAt);
        }
        long[] bot = new long[(int) (botLen / 4)];
        for (int i = 0; i < bot.length; i++) {
            bot[i] = in.u32("Basic Offset Table");
        }
        long firstItem = in.position();
        List<long[]> frags = new ArrayList<>();
        while (in.remaining() > 0) {
            long at = in.position();
            if (in.remaining() < 8) {
                throw new DicomException(ErrorKind.TRUNCATED, "file ends inside a fragment item header", at);
            }
            int t = in.tag("fragment item");
            long len = in.u32("fragment length");
            if (t == SEQUENCE_DELIMITATION) {
                break;
            }
            if (t != ITEM) {
                throw new DicomException(ErrorKind.MALFORMED, "expected a fragment item, found "
                        + DicomParser.tagString(t), at);
            }
            if (len == 0xFFFFFFFFL) {
                throw new DicomException(ErrorKind.MALFORMED, "fragment of undefined length", at);
            }
            if (len > in.remaining()) {
                throw new DicomException(ErrorKind.TRUNCATED, "fragment of " + len + " bytes runs "
                        + (len - in.remaining()) + " bytes past the end of the file", at);
            }
            frags.add(new long[] {at - firstItem, in.position(), len});
            in.skip(len, "fragment");
        }
        int n = frags.size();
        if (n == 0) {
            throw new DicomException(ErrorKind.MALFORMED, "encapsulated Pixel Data has no fragments", firstItem);
        }
        // Every frame needs a fragment of its own (PS3.5 A.4). Checked before the per-frame tables are allocated:
        // a 1 KB file announcing 2^31 - 1 frames would otherwise ask for 32 GB.
        if (frames > n) {
            throw new DicomException(ErrorKind.MALFORMED, "Number of Frames " + frames + " but encapsulated Pixel Data "
                    + "holds only " + n + " fragment(s)", firstItem);
        }
        long[] rel = new long[n];
        long[] fv = new long[n];
        long[] fl = new long[n];
        for (int i = 0; i < n; i++) {
            rel[i] = frags.get(i)[0];
            fv[i] = frags.get(i)[1];
            fl[i] = frags.get(i)[2];
        }
        int[] first = new int[frames];
        int[] count = new int[frames];
        long[] bytes = new long[frames];
        java.util.Arrays.fill(bytes, -1);
        byte[] eotRaw = ds.getBytes(0x7FE00001);
        byte[] eotLenRaw = ds.getBytes(0x7FE00002);
        if (eotRaw != null && eotRaw.length >= 8L * frames && eotLenRaw != null && eotLenRaw.length >= 8L * frames) {
            for (int f = 0; f < frames; f++) {
                long off = le64(eotRaw, 8 * f);
                int k = java.util.Arrays.binarySearch(rel, off);
                if (k < 0) {
                    throw new DicomException(ErrorKind.MALFORMED, "Extended Offset Table entry " + f + " (" + off
                            + ") does not point at a fragment", pd.valueOffset());
                }
                long l = le64(eotLenRaw, 8 * f);
                first[f] = k;
                count[f] = 1;
                bytes[f] = Math.min(l, fl[k]);
            }
        } else if (bot.length == frames && frames > 0 && bot[0] == 0 && ascending(bot)) {
            for (int f = 0; f < frames; f++) {
                int k = java.util.Arrays.binarySearch(rel, bot[f]);
                if (k < 0) {
                    throw new DicomException(ErrorKind.MALFORMED, "Basic Offset Table entry " + f + " (" + bot[f]
                            + ") does not point at a fragment", botAt);
                }
                first[f] = k;
            }
            for (int f = 0; f < frames; f++) {
                count[f] = (f + 1 < frames ? first[f + 1] : n) - first[f];
                if (count[f] <= 0) {
                    throw new DicomException(ErrorKind.MALFORMED, "frame " + f + " has no fragments", botAt);
                }
            }
        } else if (frames == 1) {
            first[0] = 0;
            count[0] = n;
        } else if (n == frames) {
            for (int f = 0; f < frames; f++) {
                first[f] = f;
                count[f] = 1;
            }
        } else {
            splitByStartMarkers(in, fv, fl, frames, first, count, ts, firstItem);
        }
        return new FrameLocator(fv, fl, first, count, bytes);
    }

    private static boolean ascending(long[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Without offsets, a fragment that begins with a codestream start marker begins a frame. */
    private static void splitByStartMarkers(DicomInput in, long[] fv, long[] fl, int frames, int[] first, int[] count,
                                            TransferSyntax ts, long at) throws DicomException {
        if (ts.compression() == TransferSyntax.Compression.RLE) {
            throw new DicomException(ErrorKind.MALFORMED, "RLE data has " + fv.length + " fragments for " + frames
                    + " frames (one per frame required)", at);
        }
        int f = -1;
        for (int k = 0; k < fv.length; k++) {
            boolean start = false;
            if (fl[k] >= 2) {
                in.seek(fv[k]);
                int b0 = in.u8("fragment");
                int b1 = in.u8("fragment");
                start = b0 == 0xFF && (b1 == 0xD8 || b1 == 0x4F);
            }
            if (start || f < 0) {
                f++;
                if (f >= frames) {
                    throw new DicomException(ErrorKind.MALFORMED, "more codestreams in Pixel Data than the " + frames
                            + " frames declared", fv[k]);
                }
                first[f] = k;
            }
            count[f]++;
        }
        if (f != frames - 1) {
            throw new DicomException(ErrorKind.MALFORMED, "Pixel Data holds " + (f + 1) + " codestreams for " + frames
                    + " frames", at);
        }
    }

    private static long le64(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[i + k] & 0xFF);
        }
        return v;
    }

    /** The compressed bytes of one frame, fragments concatenated. */
    byte[] frameBytes(ByteSource src, int frame) throws DicomException {
        long total = 0;
        for (int k = frameFirst[frame]; k < frameFirst[frame] + frameCount[frame]; k++) {
            total += fragmentLength[k];
        }
        if (frameBytes[frame] >= 0) {
            total = Math.min(total, frameBytes[frame]);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new DicomException(ErrorKind.MALFORMED, "frame " + frame + " is larger than 2 GiB", -1);
        }
        byte[] out = new byte[(int) total];
        int o = 0;
        try {
            for (int k = frameFirst[frame]; k < frameFirst[frame] + frameCount[frame] && o < out.length; k++) {
                int len = (int) Math.min(fragmentLength[k], out.length - o);
                src.readFully(fragmentValue[k], out, o, len);
                o += len;
            }
        } catch (java.io.IOException e) {
            throw new DicomException(ErrorKind.IO, "read failed: " + e.getMessage(), fragmentValue[frameFirst[frame]], e);
        }
        return out;
    }

    long frameOffset(int frame) {
        return fragmentValue[frameFirst[frame]];
    }

    int fragmentCount() {
        return fragmentValue.length;
    }
}
