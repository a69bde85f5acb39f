package org.reslens.dicom;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of the PS3.6 data dictionary.
 *
 * @param tag          {@code (group << 16) | element}, with the repeating digits set to 0
 * @param mask         1 bits where the tag is fixed, 0 bits where PS3.6 writes 'x': (60xx,3000) has mask
 *                     {@code 0xFF00FFFF}; -1 for an ordinary attribute
 * @param keyword      the PS3.6 keyword, e.g. "PatientName"
 * @param name         display name; the words of the keyword, since the bundled source carries no PS3.6 names
 * @param vr           the VR to use when the file does not say (implicit VR): the first of {@code alternatives}
 * @param alternatives every VR PS3.6 allows, in its order ("US or SS or OW"); one element for most attributes
 * @param vm           value multiplicity as PS3.6 writes it: "1", "1-n", "2-2n"
 * @param retired      PS3.6 marks the attribute retired
 */
public record DictionaryEntry(int tag, int mask, String keyword, String name, VR vr, List<VR> alternatives, String vm,
                              boolean retired) {

    public DictionaryEntry {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vr, "vr");
        Objects.requireNonNull(vm, "vm");
        alternatives = List.copyOf(alternatives);
        if (keyword.isBlank() || vm.isBlank()) {
            throw new IllegalArgumentException("blank keyword or VM for " + Tags.tagString(tag));
        }
        if (alternatives.isEmpty() || alternatives.get(0) != vr) {
            throw new IllegalArgumentException(keyword + ": alternatives " + alternatives + " must start with " + vr);
        }
        if ((tag & ~mask) != 0) {
            // Otherwise matches() could never be true: the stored tag must be its own pattern.
            throw new IllegalArgumentException(keyword + ": tag " + Tags.tagString(tag) + " has bits outside mask "
                    + Integer.toHexString(mask));
        }
    }

    /** True when {@code candidate} is this attribute, in any of its repeating groups or elements. */
    public boolean matches(int candidate) {
        return (candidate & mask) == tag;
    }

    public boolean isRepeating() {
        return mask != -1;
    }

    /** True for "US or SS", "OB or OW" and the like, where the VR depends on other attributes or the encoding. */
    public boolean hasAlternativeVrs() {
        return alternatives.size() > 1;
    }

    /** "(0010,0010)", or "(60xx,3000)" for a repeating attribute, as PS3.6 writes it. */
    public String tagPattern() {
        char[] text = Tags.tagString(tag).toCharArray();
        for (int digit = 0; digit < 8; digit++) {
            if (((mask >>> (28 - 4 * digit)) & 0xF) == 0) {
                text[digit < 4 ? 1 + digit : 2 + digit] = 'x';
            }
        }
        return new String(text);
    }

    @Override
    public String toString() {
        return tagPattern() + " " + keyword + " " + String.join(" or ", alternatives.stream().map(VR::name).toList())
                + " " + vm + (retired ? " RET" : "");
    }
}
