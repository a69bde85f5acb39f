package org.reslens.imaging;

import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;

/**
 * PALETTE COLOR (PS3.3 C.7.6.3.1.5, C.7.6.3.1.6): each stored value indexes three tables of 8- or 16-bit entries.
 * Entries are scaled to 8 bits by {@code round(v * 255 / (2^bits - 1))}, which for 16-bit tables written as the
 * standard asks (an 8-bit value replicated in both bytes) gives back that 8-bit value exactly.
 */
public record PaletteLut(LookupTable red, LookupTable green, LookupTable blue) {

    public PaletteLut {
        if (red == null || green == null || blue == null) {
            throw new IllegalArgumentException("palette needs red, green and blue tables");
        }
    }

    /** Reads the three tables of an image; MALFORMED when one is missing or inconsistent. */
    public static PaletteLut read(Attributes ds, boolean signed) throws DicomException {
        return read(ds, signed, BulkReader.NONE);
    }

    static PaletteLut read(Attributes ds, boolean signed, BulkReader bulk) throws DicomException {
        return new PaletteLut(
                channel(ds, Tags.RedPaletteColorLookupTableDescriptor, Tags.RedPaletteColorLookupTableData,
                        Tags.SegmentedRedPaletteColorLookupTableData, signed, "Red Palette", bulk),
                channel(ds, Tags.GreenPaletteColorLookupTableDescriptor, Tags.GreenPaletteColorLookupTableData,
                        Tags.SegmentedGreenPaletteColorLookupTableData, signed, "Green Palette", bulk),
                channel(ds, Tags.BluePaletteColorLookupTableDescriptor, Tags.BluePaletteColorLookupTableData,
                        Tags.SegmentedBluePaletteColorLookupTableData, signed, "Blue Palette", bulk));
    }

    private static LookupTable channel(Attributes ds, int descriptor, int data, int segmented, boolean signed,
                                       String what, BulkReader bulk) throws DicomException {
        if (!ds.contains(descriptor)) {
            throw new DicomException(ErrorKind.MALFORMED, what + " Color Lookup Table Descriptor missing", -1);
        }
        if (!ds.contains(data) && ds.getBulkData(data).isEmpty() && ds.contains(segmented)) {
            throw new DicomException(ErrorKind.MALFORMED, what + " Color Lookup Table Data missing (segmented "
                    + "palettes are not supported)", -1);
        }
        return LookupTable.read(ds, descriptor, data, signed, what, "", bulk);
    }

    /** The 8-bit value of an entry of {@code t}. */
    private static int to8(LookupTable t, long stored) {
        int v = t.lookup(stored);
        int bits = t.descriptor().bitsPerEntry();
        if (bits == 8) {
            return Math.min(v, 255);
        }
        int max = t.descriptor().maxOutput();
        return (int) ((Math.min(v, max) * 255L * 2 + max) / (2L * max));
    }

    /** The opaque ARGB colour of a stored value. */
    public int argb(long stored) {
        return ArgbBuffer.rgb(to8(red, stored), to8(green, stored), to8(blue, stored));
    }

    /** Renders a single-sample frame of indices. */
    public ArgbBuffer render(PixelFrame f) {
        if (f.samplesPerPixel() != 1) {
            throw new IllegalArgumentException("palette colour needs one sample per pixel");
        }
        int n = f.rows() * f.columns();
        int[] out = new int[n];
        if (f.ints() != null || f.bitsStored() > 16) {
            for (int i = 0; i < n; i++) {
                out[i] = argb(f.sample(i));
            }
        } else {
            // One colour per possible stored value, indexed like the display LUT by the 16-bit pattern.
            boolean signed = f.signed();
            int bits = f.bitsStored();
            long min = signed ? -(1L << (bits - 1)) : 0;
            long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
            int[] table = new int[f.bytes() != null && !signed ? 256 : 65536];
            for (long v = min; v <= max; v++) {
                table[(int) (v & (table.length - 1))] = argb(v);
            }
            if (f.shorts() != null) {
                short[] s = f.shorts();
                for (int i = 0; i < n; i++) {
                    out[i] = table[s[i] & 0xFFFF];
                }
            } else {
                byte[] b = f.bytes();
                int mask = table.length - 1;
                for (int i = 0; i < n; i++) {
                    out[i] = table[b[i] & mask];
                }
            }
        }
        return new ArgbBuffer(f.columns(), f.rows(), out);
    }
}
