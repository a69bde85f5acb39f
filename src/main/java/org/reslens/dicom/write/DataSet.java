package org.reslens.dicom.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/**
 * A data set being built for writing: elements kept in ascending tag order whatever order they were put in, each value
 * checked against its VR when it is put (length, character repertoire, format), so an invalid object fails where it
 * is assembled rather than in a PACS. Putting a tag again replaces the element. Not thread-safe; build on one thread.
 *
 * <p>File Meta Information (group 0002) is the writer's job and group lengths are not written, so neither may be put.
 */
public final class DataSet {
    /** One element: its VR and a value of the form the VR takes (see the put methods). */
    record Element(int tag, VR vr, Object value) {
    }

    // Unsigned tag order: private groups (odd, high) sort after standard ones, (FFFE,xxxx) never appears.
    private final TreeMap<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);

    /** Text values (one per array entry; multi-valued text is written joined by backslashes). */
    public DataSet put(int tag, VR vr, String... values) {
        checkTag(tag);
        if (!vr.isText()) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": " + vr + " is not a text VR");
        }
        String[] copy = values.clone();
        for (String v : copy) {
            ValueRules.checkText(tag, vr, v);
        }
        if (copy.length > 1 && ValueRules.singleValued(vr)) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": " + vr + " holds one value, got "
                    + copy.length);
        }
        ValueRules.checkTotalLength(tag, vr, copy);
        elements.put(tag, new Element(tag, vr, copy));
        return this;
    }

    /** A text element only when the value is present and not blank; otherwise nothing (for Type 3 attributes). */
    public DataSet putIfPresent(int tag, VR vr, String value) {
        if (value != null && !value.isBlank()) {
            put(tag, vr, value);
        }
        return this;
    }

    /** DS values formatted to fit the VR's 16 characters (as many significant digits as fit). */
    public DataSet putDecimal(int tag, double... values) {
        String[] text = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            text[i] = ValueRules.decimal(values[i]);
        }
        return put(tag, VR.DS, text);
    }

    /** An element of zero length (a Type 2 attribute whose value is unknown). */
    public DataSet putEmpty(int tag, VR vr) {
        checkTag(tag);
        Object empty = vr == VR.SQ ? List.of() : vr.isText() ? new String[0] : new byte[0];
        elements.put(tag, new Element(tag, vr, empty));
        return this;
    }

    /** US, SS, UL or SL values, range-checked. */
    public DataSet putInt(int tag, VR vr, long... values) {
        checkTag(tag);
        long min;
        long max;
        switch (vr) {
            case US -> { min = 0; max = 0xFFFF; }
            case SS -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case UL -> { min = 0; max = 0xFFFFFFFFL; }
            case SL -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> throw new IllegalArgumentException(Tags.tagString(tag) + ": " + vr + " is not US, SS, UL or SL");
        }
        for (long v : values) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(Tags.tagString(tag) + ": " + v + " does not fit " + vr);
            }
        }
        elements.put(tag, new Element(tag, vr, values.clone()));
        return this;
    }

    /** FL or FD values. */
    public DataSet putFloat(int tag, VR vr, double... values) {
        checkTag(tag);
        if (vr != VR.FL && vr != VR.FD) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": " + vr + " is not FL or FD");
        }
        elements.put(tag, new Element(tag, vr, values.clone()));
        return this;
    }

    /**
     * OB, OW or UN bytes, little-endian as they are to be written (OW: two bytes per word). An odd length is padded
     * with a zero byte when written; OW must be even. The array is kept, not copied: do not change it afterwards.
     */
    public DataSet putBytes(int tag, VR vr, byte[] value) {
        checkTag(tag);
        if (vr != VR.OB && vr != VR.OW && vr != VR.UN) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": " + vr + " is not OB, OW or UN");
        }
        Objects.requireNonNull(value, "value");
        if (vr == VR.OW && value.length % 2 != 0) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": OW needs an even number of bytes");
        }
        elements.put(tag, new Element(tag, vr, value));
        return this;
    }

    /** A sequence of items (possibly none); items are kept by reference. */
    public DataSet putSequence(int tag, List<DataSet> items) {
        checkTag(tag);
        for (DataSet item : items) {
            if (item == this) {
                throw new IllegalArgumentException("a data set cannot be an item of itself");
            }
        }
        elements.put(tag, new Element(tag, VR.SQ, List.copyOf(items)));
        return this;
    }

    public DataSet putSequence(int tag, DataSet... items) {
        return putSequence(tag, Arrays.asList(items));
    }

    public DataSet remove(int tag) {
        elements.remove(tag);
        return this;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The VR the tag was put with; null when absent. */
    public VR vr(int tag) {
        Element e = elements.get(tag);
        return e == null ? null : e.vr();
    }

    /** A text element's values joined by backslashes (empty for a zero-length element); null when absent or binary. */
    public String getString(int tag) {
        Element e = elements.get(tag);
        return e != null && e.value() instanceof String[] s ? String.join("\\", s) : null;
    }

    /** A sequence's items; empty when absent. */
    public List<DataSet> getSequence(int tag) {
        Element e = elements.get(tag);
        if (e != null && e.value() instanceof List<?> l) {
            List<DataSet> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add((DataSet) o);
            }
            return Collections.unmodifiableList(out);
        }
        return List.of();
    }

    /** Tags in writing order. */
    public List<Integer> tags() {
        return List.copyOf(elements.keySet());
    }

    List<Element> elements() {
        return List.copyOf(elements.values());
    }

    /** True when some text that the Specific Character Set governs, here or in an item, is not plain ASCII. */
    boolean needsUnicode() {
        for (Element e : elements.values()) {
            if (e.value() instanceof String[] s && e.vr().kind() == VR.Kind.TEXT_SPECIFIC) {
                for (String v : s) {
                    if (!ValueRules.isAscii(v)) {
                        return true;
                    }
                }
            } else if (e.value() instanceof List<?> items) {
                for (Object item : items) {
                    if (((DataSet) item).needsUnicode()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void checkTag(int tag) {
        int group = tag >>> 16;
        if (group == 0x0002) {
            throw new IllegalArgumentException(Tags.tagString(tag)
                    + ": File Meta Information is written by the writer");
        }
        if ((tag & 0xFFFF) == 0) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": group lengths are not written");
        }
        if (group == 0xFFFE || group == 0x0000 || group % 2 == 1 && group <= 0x0007) {
            throw new IllegalArgumentException(Tags.tagString(tag) + " cannot be put in a data set");
        }
    }

    @Override
    public String toString() {
        return "DataSet[" + elements.size() + " elements]";
    }
}
