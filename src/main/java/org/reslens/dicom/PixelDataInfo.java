package org.reslens.dicom;

/**
 * Where the Pixel Data (7FE0,0010) element's value starts and how it is encoded, recorded by a header-only read.
 *
 * @param valueOffset offset of the first value byte (for encapsulated data, of the Basic Offset Table item tag)
 * @param length      value length, or -1 for undefined length (encapsulated)
 * @param vr          OB or OW
 */
public record PixelDataInfo(long valueOffset, long length, VR vr) {
    public boolean encapsulated() {
        return length < 0;
    }
}
