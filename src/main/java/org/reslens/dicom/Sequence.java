package org.reslens.dicom;

import java.util.List;

/** The items of a sequence element (VR SQ, or UN of undefined length read as implicit VR little endian). */
public record Sequence(List<Attributes> items) {
    public Sequence {
        items = List.copyOf(items);
    }
}
