package org.reslens.imaging;

import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.VR;

/**
 * The three values of a LUT Descriptor (PS3.3 C.11.1.1, C.11.2.1.1, C.7.6.3.1.5): number of entries (a stored 0
 * means 65536), the first input value mapped, and the bits of each entry.
 */
public record LutDescriptor(int entries, int firstMapped, int bitsPerEntry) {

    public LutDescriptor {
        if (entries < 1 || entries > 65536) {
            throw new IllegalArgumentException("LUT entries " + entries + " not within 1..65536");
        }
        if (firstMapped < -32768 || firstMapped > 65535) {
            throw new IllegalArgumentException("LUT first mapped value " + firstMapped + " not 16-bit");
        }
        if (bitsPerEntry < 1 || bitsPerEntry > 16) {
            throw new IllegalArgumentException("LUT bits per entry " + bitsPerEntry + " not within 1..16");
        }
    }

    /** The last input value with an entry of its own; inputs beyond it take the last entry. */
    public int lastMapped() {
        return firstMapped + entries - 1;
    }

    /** Largest value an entry can hold, 2^bits - 1: the top of the LUT's output range. */
    public int maxOutput() {
        return (1 << bitsPerEntry) - 1;
    }

    /**
     * Reads a descriptor. The first value is US or SS (the standard allows both, and implicit-VR files lose the
     * difference), so it is read as signed when the element says SS or when {@code firstSigned} says the input
     * domain is signed; the number of entries is always unsigned.
     */
    static LutDescriptor read(Attributes item, int tag, boolean firstSigned, String what) throws DicomException {
        int[] d = item.getInts(tag);
        long where = item.itemOffset();
        if (d.length != 3) {
            throw new DicomException(ErrorKind.MALFORMED,
                    what + " LUT Descriptor has " + d.length + " values, not 3", where);
        }
        int entries = d[0] & 0xFFFF;
        if (entries == 0) {
            entries = 65536;
        }
        int first = item.vr(tag) == VR.SS || firstSigned ? (short) d[1] : d[1] & 0xFFFF;
        int bits = d[2];
        if (bits < 1 || bits > 16) {
            throw new DicomException(ErrorKind.MALFORMED,
                    what + " LUT Descriptor declares " + bits + " bits per entry", where);
        }
        return new LutDescriptor(entries, first, bits);
    }
}
