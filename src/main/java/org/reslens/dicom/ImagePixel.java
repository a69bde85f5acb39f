package org.reslens.dicom;

/**
 * The Image Pixel module (PS3.3 C.7.6.3) as one validated value: everything needed to find, decode and interpret the
 * stored values of every frame.
 */
public record ImagePixel(int rows, int columns, int samplesPerPixel, Photometric photometric, int bitsAllocated,
                         int bitsStored, int highBit, int pixelRepresentation, int planarConfiguration, int frames) {

    public ImagePixel {
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
            throw new IllegalArgumentException("Rows/Columns " + rows + "x" + columns + " out of range");
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3 && samplesPerPixel != 4) {
            throw new IllegalArgumentException("Samples per Pixel " + samplesPerPixel + " not 1 or 3");
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IllegalArgumentException("Bits Allocated " + bitsAllocated + " not 1, 8, 16 or 32");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException("Bits Stored " + bitsStored + " not within 1.." + bitsAllocated);
        }
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new IllegalArgumentException("High Bit " + highBit + " inconsistent with Bits Stored " + bitsStored
                    + " and Bits Allocated " + bitsAllocated);
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw new IllegalArgumentException("Pixel Representation " + pixelRepresentation + " not 0 or 1");
        }
        if (frames < 1) {
            throw new IllegalArgumentException("Number of Frames " + frames + " below 1");
        }
        if (photometric.samplesPerPixel() != samplesPerPixel) {
            throw new IllegalArgumentException("Photometric Interpretation " + photometric.term() + " needs "
                    + photometric.samplesPerPixel() + " samples per pixel, file has " + samplesPerPixel);
        }
    }

    /** Reads and validates the module; MALFORMED with the reason when it is inconsistent. */
    public static ImagePixel of(Attributes ds) throws DicomException {
        int rows = ds.getInt(0x00280010, -1);
        int columns = ds.getInt(0x00280011, -1);
        int spp = ds.getInt(0x00280002, 1);
        String pi = ds.getString(0x00280004);
        int bitsAllocated = ds.getInt(0x00280100, -1);
        int bitsStored = ds.getInt(0x00280101, bitsAllocated);
        int highBit = ds.getInt(0x00280102, bitsStored - 1);
        int pixelRep = ds.getInt(0x00280103, 0);
        int planar = ds.getInt(0x00280006, 0);
        int frames = ds.getInt(0x00280008, 1);
        if (rows < 0 || columns < 0 || bitsAllocated < 0) {
            throw new DicomException(ErrorKind.MALFORMED, "Pixel Data without Rows, Columns or Bits Allocated", -1);
        }
        Photometric photometric;
        if (pi == null) {
            if (spp != 1) {
                throw new DicomException(ErrorKind.MALFORMED, "Photometric Interpretation missing for colour data", -1);
            }
            photometric = Photometric.MONOCHROME2; // PS3.3: Type 1, but ACR-NEMA files lack it; gray is the only reading
        } else {
            photometric = Photometric.ofTerm(pi);
            if (photometric == null) {
                throw new DicomException(ErrorKind.MALFORMED, "unknown Photometric Interpretation '" + pi + "'", -1);
            }
        }
        try {
            return new ImagePixel(rows, columns, spp, photometric, bitsAllocated, bitsStored, highBit, pixelRep,
                    spp == 1 ? 0 : planar, Math.max(frames, 1));
        } catch (IllegalArgumentException e) {
            throw new DicomException(ErrorKind.MALFORMED, e.getMessage(), -1);
        }
    }

    public boolean signed() {
        return pixelRepresentation == 1;
    }

    public long pixelsPerFrame() {
        return (long) rows * columns;
    }

    /** Samples of one frame as natively stored (two per pixel for 4:2:2 colour). */
    public long storedSamplesPerFrame() {
        return photometric.subsampledHorizontally() ? pixelsPerFrame() * 2 : pixelsPerFrame() * samplesPerPixel;
    }

    /** Bits of one natively stored frame; frames of 1-bit data are packed without padding (PS3.5 8.1.1). */
    public long bitsPerFrame() {
        return storedSamplesPerFrame() * bitsAllocated;
    }
}
