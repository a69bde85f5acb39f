package org.reslens.dicom;

/** Photometric Interpretation (0028,0004) values of PS3.3 C.7.6.3.1.2 that ResLens handles, with their behaviour. */
public enum Photometric {
    MONOCHROME1(1, true),
    MONOCHROME2(1, false),
    /** Defined term "PALETTE COLOR" (with a space). */
    PALETTE_COLOR(1, false),
    RGB(3, false),
    YBR_FULL(3, false),
    YBR_FULL_422(3, false),
    YBR_PARTIAL_422(3, false),
    YBR_PARTIAL_420(3, false),
    YBR_ICT(3, false),
    YBR_RCT(3, false);

    private final int samplesPerPixel;
    private final boolean inverts;

    Photometric(int samplesPerPixel, boolean inverts) {
        this.samplesPerPixel = samplesPerPixel;
        this.inverts = inverts;
    }

    /** Samples per pixel this interpretation requires. */
    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /** True when the minimum stored value is displayed white (MONOCHROME1). */
    public boolean inverts() {
        return inverts;
    }

    public boolean isMonochrome() {
        return this == MONOCHROME1 || this == MONOCHROME2;
    }

    /** True when natively stored data carries two samples per pixel (chroma halved horizontally). */
    public boolean subsampledHorizontally() {
        return this == YBR_FULL_422 || this == YBR_PARTIAL_422 || this == YBR_PARTIAL_420;
    }

    /** The DICOM defined term. */
    public String term() {
        return this == PALETTE_COLOR ? "PALETTE COLOR" : name();
    }

    /** Parses a defined term; null when unknown. */
    public static Photometric ofTerm(String term) {
        if (term == null) {
            return null;
        }
        String t = term.strip();
        for (Photometric p : values()) {
            if (p.term().equals(t)) {
                return p;
            }
        }
        return null;
    }
}
