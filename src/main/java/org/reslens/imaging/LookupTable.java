package org.reslens.imaging;

import java.util.Arrays;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * A decoded LUT: its descriptor and one unsigned value per entry. Inputs below the first mapped value take the first
 * entry and inputs beyond the last take the last entry (PS3.3 C.11.1.1, C.11.2.1.1). Immutable.
 */
public record LookupTable(LutDescriptor descriptor, int[] values, String explanation) {

    public LookupTable {
        if (values.length != descriptor.entries()) {
            throw new IllegalArgumentException("LUT holds " + values.length + " values, descriptor declares "
                    + descriptor.entries());
        }
        values = values.clone();
        explanation = explanation == null ? "" : explanation;
    }

    /** A copy of the entries. */
    @Override
    public int[] values() {
        return values.clone();
    }

    /** The entry for an input value, clamped to the table's ends. */
    public int lookup(long input) {
        long i = input - descriptor.firstMapped();
        if (i <= 0) {
            return values[0];
        }
        return i >= values.length ? values[values.length - 1] : values[(int) i];
    }

    /**
     * Reads a LUT from the descriptor and data elements of one data set (a Modality or VOI LUT Sequence item, or the
     * image itself for palettes); {@code bulk} fetches LUT Data the header reader left in the file.
     */
    static LookupTable read(Attributes item, int descriptorTag, int dataTag, boolean firstSigned, String what,
                            String explanation, BulkReader bulk) throws DicomException {
        LutDescriptor d = LutDescriptor.read(item, descriptorTag, firstSigned, what);
        byte[] data = item.getBytes(dataTag);
        if (data == null && item.getBulkData(dataTag).isPresent()) {
            data = bulk.read(item.getBulkData(dataTag).get(), what + " LUT Data");
        }
        if (data == null) {
            throw new DicomException(ErrorKind.MALFORMED, what + " LUT Data missing", item.itemOffset());
        }
        return new LookupTable(d, decode(data, item.bigEndian(), d, what, item.itemOffset()), explanation);
    }

    /**
     * Decodes LUT Data. Entries of more than 8 bits take one 16-bit word each. 8-bit entries are stored "as 8 bits
     * allocated" (PS3.3 C.11.1.1.1), i.e. two to a word, low byte first; older writers put one per word, which the
     * length tells apart (twice the entries in bytes means one per word, and then the low byte is the value).
     */
    static int[] decode(byte[] data, boolean bigEndian, LutDescriptor d, String what, long where)
            throws DicomException {
        int n = d.entries();
        int[] out = new int[n];
        boolean wordPerEntry = d.bitsPerEntry() > 8 || data.length >= 2L * n;
        if (wordPerEntry) {
            if (data.length < 2L * n) {
                throw new DicomException(ErrorKind.MALFORMED, what + " LUT Data holds " + data.length / 2
                        + " entries, descriptor declares " + n, where);
            }
            int mask = d.bitsPerEntry() > 8 ? 0xFFFF : 0xFF;
            for (int k = 0; k < n; k++) {
                int hi = data[2 * k + (bigEndian ? 0 : 1)] & 0xFF;
                int lo = data[2 * k + (bigEndian ? 1 : 0)] & 0xFF;
                out[k] = ((hi << 8) | lo) & mask;
            }
            return out;
        }
        if (data.length < n) {
            throw new DicomException(ErrorKind.MALFORMED, what + " LUT Data holds " + data.length
                    + " 8-bit entries, descriptor declares " + n, where);
        }
        for (int k = 0; k < n; k++) {
            // Packed bytes sit in 16-bit words; big endian swaps the bytes of each word.
            int at = bigEndian && (k ^ 1) < data.length ? k ^ 1 : k;
            out[k] = data[at] & 0xFF;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupTable t && t.descriptor.equals(descriptor) && Arrays.equals(t.values, values)
                && t.explanation.equals(explanation);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LookupTable[" + descriptor + ", " + explanation + "]";
    }
}
