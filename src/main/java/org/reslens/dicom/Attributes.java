package org.reslens.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One data set (the top level of a file, or an item of a sequence): elements kept in tag order with their VR and raw
 * value bytes, decoded on request. Values of text VRs go through the data set's Specific Character Set, inherited by
 * items from their enclosing data set unless an item declares its own (PS3.5 6.1.2.5). Typed getters never need the
 * data dictionary for explicit-VR files: the VR read from the file decides how bytes are interpreted.
 *
 * <p>Instances are filled by the parser and read-only afterwards; reading them from several threads is safe.
 */
public final class Attributes {
    private int[] tags = new int[16];
    private VR[] vrs = new VR[16];
    private Object[] values = new Object[16];
    private int size;
    /** Volatile: readers on other threads check it before using the arrays that sorting replaced. */
    private volatile boolean sorted = true;
    private final Attributes parent;
    private final boolean bigEndian;
    private SpecificCharacterSet charset;
    private long itemOffset = -1;

    Attributes(Attributes parent, boolean bigEndian) {
        this.parent = parent;
        this.bigEndian = bigEndian;
    }

    /** An empty data set in little endian, for tests and writers. */
    public static Attributes empty() {
        return new Attributes(null, false);
    }

    void add(int tag, VR vr, Object value) {
        if (size == tags.length) {
            int n = size * 2;
            tags = Arrays.copyOf(tags, n);
            vrs = Arrays.copyOf(vrs, n);
            values = Arrays.copyOf(values, n);
        }
        if (size > 0 && Integer.compareUnsigned(tag, tags[size - 1]) <= 0) {
            // Out of order or repeated: append, and sort (the later of equal tags winning) once when first read.
            // Searching for a duplicate here made a file of descending tags quadratic: 13 s for 1 MB.
            sorted = false;
        }
        tags[size] = tag;
        vrs[size] = vr;
        values[size] = value;
        size++;
        if (tag == 0x00080005 && value instanceof byte[] b) {
            charset = SpecificCharacterSet.of(splitValues(new String(b, StandardCharsets.ISO_8859_1), VR.CS));
        }
    }

    private void sortIfNeeded() {
        if (sorted) {
            return;
        }
        synchronized (this) {
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // Stable: equal tags stay in file order, so the last one read replaces the others.
            Arrays.sort(order, (a, b) -> Integer.compareUnsigned(tags[a], tags[b]));
            int[] t = new int[tags.length];
            VR[] v = new VR[tags.length];
            Object[] o = new Object[tags.length];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (n > 0 && t[n - 1] == tags[order[i]]) {
                    n--;
                }
                t[n] = tags[order[i]];
                v[n] = vrs[order[i]];
                o[n] = values[order[i]];
                n++;
            }
            tags = t;
            vrs = v;
            values = o;
            size = n;
            sorted = true;
        }
    }

    private int indexOf(int tag) {
        sortIfNeeded();
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    public int size() {
        sortIfNeeded();
        return size;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** Tags in ascending order. */
    public int[] tags() {
        sortIfNeeded();
        return Arrays.copyOf(tags, size);
    }

    /** The VR of an element as read (explicit) or as the dictionary gives it (implicit); null when absent. */
    public VR vr(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** For a sequence item: the file offset of its item tag (DICOMDIR records link by these); else -1. */
    public long itemOffset() {
        return itemOffset;
    }

    void itemOffset(long offset) {
        this.itemOffset = offset;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public Attributes parent() {
        return parent;
    }

    /** The character set for text values of this data set: its own, or the nearest enclosing one's. */
    public SpecificCharacterSet characterSet() {
        for (Attributes a = this; a != null; a = a.parent) {
            if (a.charset != null) {
                return a.charset;
            }
        }
        return SpecificCharacterSet.DEFAULT;
    }

    /** Raw value bytes (as stored, in the data set's byte order); null when absent, a sequence or bulk data. */
    public byte[] getBytes(int tag) {
        int i = indexOf(tag);
        return i >= 0 && values[i] instanceof byte[] b ? b : null;
    }

    /** Where a large value sits in the file when it was not read. */
    public Optional<BulkData> getBulkData(int tag) {
        int i = indexOf(tag);
        return i >= 0 && values[i] instanceof BulkData b ? Optional.of(b) : Optional.empty();
    }

    /** The items of a sequence; empty when the element is absent or empty. */
    public List<Attributes> getSequence(int tag) {
        int i = indexOf(tag);
        if (i >= 0 && values[i] instanceof Sequence s) {
            return s.items();
        }
        return List.of();
    }

    /** First value of a text element, without padding; null when absent or empty. */
    public String getString(int tag) {
        String[] all = getStrings(tag);
        return all.length == 0 || all[0].isEmpty() ? null : all[0];
    }

    public String getString(int tag, String fallback) {
        String s = getString(tag);
        return s == null ? fallback : s;
    }

    /**
     * All values of an element as text. Text VRs are decoded with the character set and split at backslashes (except
     * the single-valued LT, ST, UT, UR); binary numeric VRs are rendered as decimal numbers.
     */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return new String[0];
        }
        VR vr = vrs[i];
        Object v = values[i];
        if (!(v instanceof byte[] bytes) || bytes.length == 0) {
            return new String[0];
        }
        if (vr.isText()) {
            String text = vr.kind() == VR.Kind.TEXT_SPECIFIC
                    ? characterSet().decode(bytes, 0, bytes.length, vr)
                    : asciiString(bytes);
            return splitValues(text, vr);
        }
        if (vr == VR.UN) {
            return splitValues(asciiString(bytes), VR.LO);
        }
        return switch (vr) {
            case US, SS, UL, SL, AT, SV, UV, FL, FD -> numbersAsText(bytes, vr);
            default -> new String[0];
        };
    }

    private String[] numbersAsText(byte[] b, VR vr) {
        if (vr == VR.FL || vr == VR.FD) {
            double[] d = getDoubles(b, vr);
            String[] out = new String[d.length];
            for (int k = 0; k < d.length; k++) {
                out[k] = Double.toString(d[k]);
            }
            return out;
        }
        long[] l = getLongs(b, vr);
        String[] out = new String[l.length];
        for (int k = 0; k < l.length; k++) {
            out[k] = vr == VR.AT ? String.format("(%04X,%04X)", l[k] >>> 16, l[k] & 0xFFFF) : Long.toString(l[k]);
        }
        return out;
    }

    private static String asciiString(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String[] splitValues(String text, VR vr) {
        boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
        List<String> parts = new ArrayList<>(2);
        if (single) {
            parts.add(text);
        } else {
            int start = 0;
            for (int k = 0; k <= text.length(); k++) {
                if (k == text.length() || text.charAt(k) == '\\') {
                    parts.add(text.substring(start, k));
                    start = k + 1;
                }
            }
        }
        String[] out = new String[parts.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = trim(parts.get(k), vr);
        }
        return out;
    }

    /** Removes padding per VR: trailing NUL for UI, trailing spaces everywhere, leading spaces where insignificant. */
    private static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (vr != VR.LT && vr != VR.ST && vr != VR.UT) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    /** First value as an int: binary integer VRs directly, IS and DS parsed. Empty when absent or unparsable. */
    public OptionalInt getInt(int tag) {
        int[] all = getInts(tag);
        return all.length == 0 ? OptionalInt.empty() : OptionalInt.of(all[0]);
    }

    public int getInt(int tag, int fallback) {
        return getInt(tag).orElse(fallback);
    }

    /** All values as ints; unparsable text values make the whole result empty. */
    public int[] getInts(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] b)) {
            return new int[0];
        }
        VR vr = vrs[i];
        switch (vr) {
            case US, SS, UL, SL, AT, SV, UV, OW, OB, OL, UN -> {
                long[] l = getLongs(b, vr);
                int[] out = new int[l.length];
                for (int k = 0; k < l.length; k++) {
                    out[k] = (int) l[k];
                }
                return out;
            }
            case FL, FD -> {
                double[] d = getDoubles(b, vr);
                int[] out = new int[d.length];
                for (int k = 0; k < d.length; k++) {
                    out[k] = (int) Math.round(d[k]);
                }
                return out;
            }
            default -> {
                String[] s = getStrings(tag);
                int[] out = new int[s.length];
                try {
                    for (int k = 0; k < s.length; k++) {
                        out[k] = vr == VR.DS ? (int) Math.round(Double.parseDouble(s[k])) : Integer.parseInt(s[k]);
                    }
                } catch (NumberFormatException e) {
                    return new int[0];
                }
                return out;
            }
        }
    }

    public OptionalDouble getDouble(int tag) {
        double[] all = getDoubles(tag);
        return all.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(all[0]);
    }

    public double getDouble(int tag, double fallback) {
        return getDouble(tag).orElse(fallback);
    }

    /** All values as doubles: FL/FD directly, integers widened, DS/IS parsed; empty when unparsable. */
    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] b)) {
            return new double[0];
        }
        VR vr = vrs[i];
        switch (vr) {
            case FL, FD, OF, OD -> {
                return getDoubles(b, vr);
            }
            case US, SS, UL, SL, SV, UV -> {
                long[] l = getLongs(b, vr);
                double[] out = new double[l.length];
                for (int k = 0; k < l.length; k++) {
                    out[k] = l[k];
                }
                return out;
            }
            default -> {
                String[] s = getStrings(tag);
                double[] out = new double[s.length];
                try {
                    for (int k = 0; k < s.length; k++) {
                        out[k] = Double.parseDouble(s[k]);
                    }
                } catch (NumberFormatException e) {
                    return new double[0];
                }
                return out;
            }
        }
    }

    private double[] getDoubles(byte[] b, VR vr) {
        boolean dbl = vr == VR.FD || vr == VR.OD;
        int w = dbl ? 8 : 4;
        double[] out = new double[b.length / w];
        for (int k = 0; k < out.length; k++) {
            long bits = readUnsigned(b, k * w, w);
            out[k] = dbl ? Double.longBitsToDouble(bits) : Float.intBitsToFloat((int) bits);
        }
        return out;
    }

    private long[] getLongs(byte[] b, VR vr) {
        int w = switch (vr) {
            case US, SS, OW -> 2;
            case UL, SL, AT, OL -> 4;
            case SV, UV -> 8;
            default -> 1;
        };
        long[] out = new long[b.length / w];
        for (int k = 0; k < out.length; k++) {
            long raw;
            if (vr == VR.AT) {
                long g = readUnsigned(b, k * 4, 2);
                long e = readUnsigned(b, k * 4 + 2, 2);
                raw = (g << 16) | e;
            } else {
                raw = readUnsigned(b, k * w, w);
            }
            out[k] = switch (vr) {
                case SS -> (short) raw;
                case SL -> (int) raw;
                default -> raw;
            };
        }
        return out;
    }

    private long readUnsigned(byte[] b, int off, int w) {
        long v = 0;
        if (bigEndian) {
            for (int k = 0; k < w; k++) {
                v = (v << 8) | (b[off + k] & 0xFF);
            }
        } else {
            for (int k = w - 1; k >= 0; k--) {
                v = (v << 8) | (b[off + k] & 0xFF);
            }
        }
        return v;
    }

    /** The raw value object: byte[], {@link Sequence}, {@link BulkData}, or null. For dumps and writers. */
    public Object rawValue(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    @Override
    public String toString() {
        return "Attributes[" + size + " elements]";
    }
}
