package org.reslens.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads PS3.10 files: preamble and File Meta Information when present, otherwise detection of the data set's
 * encoding from its first element; then the data set in its transfer syntax (PS3.5 section 7), including sequences
 * of defined and undefined length to a nesting limit. Group lengths are read but never trusted; every length is checked
 * against what remains before anything is allocated.
 */
final class DicomParser {
    static final int MAX_DEPTH = 64;
    /** Binary values larger than this are recorded as {@link BulkData} instead of read. */
    static final int BULK_THRESHOLD = 64 * 1024;
    /** Inflated data sets larger than this are refused (a defence against deflate bombs). */
    static final long MAX_INFLATED = 1L << 30;
    /**
     * ... and larger than this share of the heap: inflating takes about three times the inflated size at its peak,
     * so 1 GiB alone does not protect a small heap (a 1 MB file inflates to 1 GB).
     */
    static final int INFLATE_HEAP_DIVISOR = 8;

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    /** What a parse produced. */
    record Result(Attributes meta, Attributes dataset, TransferSyntax transferSyntax, String transferSyntaxUid,
                  PixelDataInfo pixelData, byte[] inflated, boolean hadPreamble, List<String> warnings) {
    }

    private DicomInput in;
    private boolean explicit;
    private final List<String> warnings = new ArrayList<>();
    private PixelDataInfo pixelData;
    private int pixelRepresentation = 0;

    static Result parse(ByteSource source) throws DicomException {
        return new DicomParser().run(source);
    }

    private Result run(ByteSource source) throws DicomException {
        in = new DicomInput(source);
        long len = in.length();
        if (len == 0) {
            throw new DicomException(ErrorKind.NOT_DICOM, "empty file", 0);
        }
        boolean preamble = false;
        byte[] head = in.peek(132);
        if (head != null && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            preamble = true;
            in.seek(132);
        }
        Attributes meta = null;
        byte[] first = in.peek(8);
        if (first == null) {
            throw new DicomException(ErrorKind.NOT_DICOM, "too short to be DICOM (" + len + " bytes)", 0);
        }
        int firstGroupLe = (first[0] & 0xFF) | ((first[1] & 0xFF) << 8);
        TransferSyntax ts;
        String tsUid;
        if (firstGroupLe == 0x0002) {
            meta = readMeta();
            tsUid = meta.getString(0x00020010);
            if (tsUid == null) {
                throw new DicomException(ErrorKind.MALFORMED,
                        "File Meta Information has no Transfer Syntax UID (0002,0010)", in.position());
            }
            ts = TransferSyntax.ofUid(tsUid);
            if (ts == TransferSyntax.UNKNOWN) {
                warnings.add("unknown transfer syntax " + tsUid + ": header read as explicit VR little endian");
            }
        } else {
            ts = detectEncoding(first, preamble);
            tsUid = ts.uid();
            warnings.add("no File Meta Information: data set encoding detected as " + ts);
        }
        byte[] inflated = null;
        if (ts.deflated()) {
            inflated = inflate(source, in.position());
            in = new DicomInput(ByteSource.of(inflated));
        }
        explicit = ts.explicitVr();
        in.bigEndian(ts.bigEndian());
        Attributes dataset = new Attributes(null, ts.bigEndian());
        readItems(dataset, -1, 0, true);
        return new Result(meta, dataset, ts, tsUid, pixelData, inflated, preamble, List.copyOf(warnings));
    }

    private Attributes readMeta() throws DicomException {
        Attributes meta = new Attributes(null, false);
        explicit = true;
        in.bigEndian(false);
        while (true) {
            if (in.remaining() == 0 && meta.contains(0x00020010)) {
                break; // meta and an empty data set
            }
            if (in.remaining() < 8) {
                throw new DicomException(ErrorKind.TRUNCATED, "file ends inside the File Meta Information",
                        in.position());
            }
            byte[] p = in.peek(2);
            int group = (p[0] & 0xFF) | ((p[1] & 0xFF) << 8);
            if (group != 0x0002) {
                break;
            }
            readElement(meta, -1, 0, false);
        }
        return meta;
    }

    /** Without meta, PS3.10 says nothing; the first element decides, and only a plausible one is accepted. */
    private TransferSyntax detectEncoding(byte[] b, boolean preamble) throws DicomException {
        int groupLe = (b[0] & 0xFF) | ((b[1] & 0xFF) << 8);
        int groupBe = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        boolean vrValid = VR.ofCode(b[4], b[5]) != null;
        if (plausibleFirstGroup(groupLe)) {
            if (vrValid) {
                return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            }
            long len = (b[4] & 0xFFL) | ((b[5] & 0xFFL) << 8) | ((b[6] & 0xFFL) << 16) | ((b[7] & 0xFFL) << 24);
            if (len <= in.remaining() - 8 || len == UNDEFINED) {
                return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            }
        } else if (plausibleFirstGroup(groupBe) && vrValid) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        throw new DicomException(ErrorKind.NOT_DICOM, preamble
                ? "has the DICM prefix but neither File Meta Information nor a recognisable data set"
                : "no DICM prefix and the first bytes are not a DICOM data element", in.position());
    }

    private static boolean plausibleFirstGroup(int group) {
        return group == 0x0008 || group == 0x0000 || group == 0x0004 || group == 0x0010 || group == 0x0018
                || group == 0x0020 || group == 0x0028;
    }

    private byte[] inflate(ByteSource source, long start) throws DicomException {
        long compressedLen = source.length() - start;
        if (compressedLen > Integer.MAX_VALUE - 16) {
            throw new DicomException(ErrorKind.MALFORMED, "deflated data set too large to inflate", start);
        }
        byte[] compressed = new byte[(int) compressedLen];
        try {
            source.readFully(start, compressed, 0, compressed.length);
        } catch (IOException e) {
            throw new DicomException(ErrorKind.IO, "read failed: " + e.getMessage(), start, e);
        }
        long limit = inflateLimit();
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit,
                    Math.max(1024L, compressed.length * 3L)));
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0) {
                    if (inflater.needsInput()) {
                        throw new DicomException(ErrorKind.TRUNCATED, "deflated data set ends early (inflated "
                                + out.size() + " bytes)", source.length());
                    }
                    if (inflater.needsDictionary()) {
                        throw new DicomException(ErrorKind.MALFORMED, "deflate stream needs a preset dictionary", start);
                    }
                }
                if ((long) out.size() + n > limit) {
                    throw new DicomException(ErrorKind.MALFORMED, "deflated data set inflates beyond "
                            + (limit >> 20) + " MiB, the limit for this heap", start);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DicomException(ErrorKind.MALFORMED, "corrupt deflate stream: " + e.getMessage(), start, e);
        } finally {
            inflater.end();
        }
    }

    /** The most bytes a deflated data set may inflate to: 1 GiB, or an eighth of the heap if that is less. */
    static long inflateLimit() {
        return Math.min(MAX_INFLATED, Runtime.getRuntime().maxMemory() / INFLATE_HEAP_DIVISOR);
    }

    /**
     * Reads elements into {@code target} until {@code end} (absolute offset), or, when end is -1, until an item
     * delimitation (inside items) or the end of the file (top level). Returns normally at the stop; the top level
     * stops before Pixel Data.
     */
    private void readItems(Attributes target, long end, int depth, boolean topLevel) throws DicomException {
        while (true) {
            if (end >= 0) {
                if (in.position() >= end) {
                    if (in.position() > end) {
                        throw new DicomException(ErrorKind.MALFORMED, "element runs past the end of its item ("
                                + (in.position() - end) + " bytes over)", end);
                    }
                    return;
                }
            } else if (topLevel && in.remaining() == 0) {
                return;
            }
            if (topLevel && end < 0 && in.remaining() < 8 && in.remaining() > 0) {
                if (allZeroTail()) {
                    return;
                }
                throw new DicomException(ErrorKind.TRUNCATED, "file ends inside an element header", in.position());
            }
            if (!readElement(target, end, depth, topLevel)) {
                return;
            }
        }
    }

    private boolean allZeroTail() throws DicomException {
        byte[] rest = in.peek((int) in.remaining());
        for (byte x : rest) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads one element; returns false when an item delimitation ended the enclosing item or Pixel Data is reached. */
    private boolean readElement(Attributes target, long end, int depth, boolean topLevel) throws DicomException {
        long elementStart = in.position();
        int tag = in.tag("element tag");
        if (tag == ITEM_DELIMITATION) {
            in.u32("item delimitation length");
            if (end >= 0 || topLevel) {
                throw new DicomException(ErrorKind.MALFORMED, "item delimitation outside an undefined-length item",
                        elementStart);
            }
            return false;
        }
        if ((tag >>> 16) == 0xFFFE) {
            throw new DicomException(ErrorKind.MALFORMED, "unexpected " + tagString(tag) + " in a data set", elementStart);
        }
        VR vr;
        long length;
        if (explicit) {
            int b0 = in.u8("VR");
            int b1 = in.u8("VR");
            vr = VR.ofCode(b0, b1);
            if (vr == null) {
                throw new DicomException(ErrorKind.MALFORMED, String.format(
                        "invalid VR bytes 0x%02X 0x%02X for %s", b0, b1, tagString(tag)), elementStart + 4);
            }
            if (vr.hasLongHeader()) {
                in.u16("reserved bytes");
                length = in.u32("value length");
            } else {
                length = in.u16("value length");
            }
        } else {
            vr = implicitVr(tag);
            length = in.u32("value length");
        }
        if (topLevel && tag == PIXEL_DATA) {
            if (vr != VR.OB && vr != VR.OW && vr != VR.UN) {
                throw new DicomException(ErrorKind.MALFORMED, "Pixel Data has VR " + vr, elementStart);
            }
            if (length == UNDEFINED) {
                pixelData = new PixelDataInfo(in.position(), -1, vr == VR.UN ? VR.OB : vr);
            } else {
                if (length > in.remaining()) {
                    throw new DicomException(ErrorKind.TRUNCATED, "Pixel Data ends " + (length - in.remaining())
                            + " bytes early at offset " + in.length(), in.length());
                }
                pixelData = new PixelDataInfo(in.position(), length, vr == VR.UN ? VR.OW : vr);
            }
            return false;
        }
        if (length == UNDEFINED) {
            if (vr == VR.SQ || vr == VR.UN) {
                boolean wasExplicit = explicit;
                boolean wasBig = in.bigEndian();
                if (vr == VR.UN) {
                    // PS3.5 6.2.2: UN of undefined length holds a sequence in implicit VR little endian.
                    explicit = false;
                    in.bigEndian(false);
                }
                Sequence seq = readSequence(target, -1, depth + 1, vr == VR.UN ? false : wasBig);
                explicit = wasExplicit;
                in.bigEndian(wasBig);
                target.add(tag, VR.SQ, seq);
                return true;
            }
            if (tag == PIXEL_DATA) {
                // Encapsulated pixel data inside an item (e.g. an icon image): keep the fragments' bytes skipped.
                skipFragments(depth);
                target.add(tag, vr, null);
                return true;
            }
            throw new DicomException(ErrorKind.MALFORMED, "undefined length on " + tagString(tag) + " with VR " + vr,
                    elementStart);
        }
        if (end >= 0 && in.position() + length > end) {
            throw new DicomException(ErrorKind.MALFORMED, "length " + length + " of " + tagString(tag)
                    + " runs past the end of its item (" + (end - in.position()) + " bytes left)", elementStart);
        }
        if (length > in.remaining()) {
            throw new DicomException(ErrorKind.TRUNCATED, "value of " + tagString(tag) + " has length " + length
                    + " but only " + in.remaining() + " bytes remain in the file", elementStart);
        }
        if (vr == VR.SQ) {
            Sequence seq = readSequence(target, in.position() + length, depth + 1, in.bigEndian());
            target.add(tag, vr, seq);
            return true;
        }
        if (!explicit && vr == VR.UN && looksLikeSequence(length)) {
            Sequence seq = readSequence(target, in.position() + length, depth + 1, in.bigEndian());
            target.add(tag, VR.SQ, seq);
            return true;
        }
        if (length > BULK_THRESHOLD && !vr.isText()) {
            target.add(tag, vr, new BulkData(in.position(), length));
            // The length was checked against what remains just above, so these labels only name a file that shrank
            // while being read; a constant keeps string building off the per-element path.
            in.skip(length, "element value");
            return true;
        }
        byte[] value = in.bytes(length, "element value");
        if (tag == 0x00280103 && value.length >= 2) {
            pixelRepresentation = in.bigEndian() ? value[1] & 1 : value[0] & 1;
        }
        target.add(tag, vr, value);
        return true;
    }

    /** A private implicit-VR element of defined length whose value starts with an item tag is a sequence. */
    private boolean looksLikeSequence(long length) throws DicomException {
        if (length < 8) {
            return false;
        }
        byte[] p = in.peek(4);
        return p != null && (p[0] & 0xFF) == 0xFE && (p[1] & 0xFF) == 0xFF && (p[2] & 0xFF) == 0x00
                && (p[3] & 0xFF) == 0xE0 && !in.bigEndian();
    }

    private VR implicitVr(int tag) {
        DictionaryEntry entry = DataDictionary.standard().byTag(tag).orElse(null);
        if (entry == null) {
            return DataDictionary.standard().vrOf(tag);
        }
        VR vr = entry.vr();
        List<VR> alternatives = entry.alternatives();
        if (alternatives.size() > 1) {
            if (alternatives.contains(VR.OW) && (tag == PIXEL_DATA || alternatives.contains(VR.OB))) {
                return VR.OW;
            }
            if (alternatives.contains(VR.SS) && alternatives.contains(VR.US)) {
                return pixelRepresentation == 1 ? VR.SS : VR.US;
            }
        }
        return vr;
    }

    private Sequence readSequence(Attributes parent, long end, int depth, boolean itemBigEndian) throws DicomException {
        if (depth > MAX_DEPTH) {
            throw new DicomException(ErrorKind.MALFORMED, "sequences nested deeper than " + MAX_DEPTH + " levels",
                    in.position());
        }
        List<Attributes> items = new ArrayList<>();
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw new DicomException(ErrorKind.MALFORMED, "item runs past the end of its sequence", end);
                }
                break;
            }
            long itemStart = in.position();
            int tag = in.tag("item tag");
            long length = in.u32("item length");
            if (tag == SEQUENCE_DELIMITATION) {
                if (end >= 0) {
                    throw new DicomException(ErrorKind.MALFORMED, "sequence delimitation in a defined-length sequence",
                            itemStart);
                }
                break;
            }
            if (tag != ITEM) {
                throw new DicomException(ErrorKind.MALFORMED, "expected an item tag (FFFE,E000) in a sequence, found "
                        + tagString(tag), itemStart);
            }
            Attributes item = new Attributes(parent, itemBigEndian);
            item.itemOffset(itemStart);
            if (length == UNDEFINED) {
                readItems(item, -1, depth, false);
            } else {
                if (end >= 0 && in.position() + length > end) {
                    throw new DicomException(ErrorKind.MALFORMED, "item length " + length
                            + " runs past the end of its sequence", itemStart);
                }
                if (length > in.remaining()) {
                    throw new DicomException(ErrorKind.TRUNCATED, "item length " + length + " but only "
                            + in.remaining() + " bytes remain in the file", itemStart);
                }
                readItems(item, in.position() + length, depth, false);
            }
            items.add(item);
        }
        return new Sequence(items);
    }

    private void skipFragments(int depth) throws DicomException {
        while (true) {
            long at = in.position();
            int tag = in.tag("fragment tag");
            long length = in.u32("fragment length");
            if (tag == SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != ITEM || length == UNDEFINED) {
                throw new DicomException(ErrorKind.MALFORMED, "bad fragment item " + tagString(tag), at);
            }
            in.skip(length, "fragment");
        }
    }

    /** "(GGGG,EEEE)". Built for every element read (it labels the value), so without String.format. */
    static String tagString(int tag) {
        char[] c = {'(', '0', '0', '0', '0', ',', '0', '0', '0', '0', ')'};
        for (int i = 0; i < 4; i++) {
            c[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            c[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
