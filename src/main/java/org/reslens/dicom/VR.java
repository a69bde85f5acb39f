package org.reslens.dicom;

/**
 * Value Representations of PS3.5 table 6.2-1, with the facts the parser needs: whether the explicit-VR header uses
 * the long form (2 reserved bytes and a 32-bit length), how values are padded and whether the value is text that the
 * Specific Character Set applies to.
 */
public enum VR {
    AE(Kind.TEXT_DEFAULT, false), AS(Kind.TEXT_DEFAULT, false), AT(Kind.BINARY, false), CS(Kind.TEXT_DEFAULT, false),
    DA(Kind.TEXT_DEFAULT, false), DS(Kind.TEXT_DEFAULT, false), DT(Kind.TEXT_DEFAULT, false), FD(Kind.BINARY, false),
    FL(Kind.BINARY, false), IS(Kind.TEXT_DEFAULT, false), LO(Kind.TEXT_SPECIFIC, false), LT(Kind.TEXT_SPECIFIC, false),
    OB(Kind.BINARY, true), OD(Kind.BINARY, true), OF(Kind.BINARY, true), OL(Kind.BINARY, true), OV(Kind.BINARY, true),
    OW(Kind.BINARY, true), PN(Kind.TEXT_SPECIFIC, false), SH(Kind.TEXT_SPECIFIC, false), SL(Kind.BINARY, false),
    SQ(Kind.SEQUENCE, true), SS(Kind.BINARY, false), ST(Kind.TEXT_SPECIFIC, false), SV(Kind.BINARY, true),
    TM(Kind.TEXT_DEFAULT, false), UC(Kind.TEXT_SPECIFIC, true), UI(Kind.TEXT_DEFAULT, false), UL(Kind.BINARY, false),
    UN(Kind.BINARY, true), UR(Kind.TEXT_DEFAULT, true), US(Kind.BINARY, false), UT(Kind.TEXT_SPECIFIC, true),
    UV(Kind.BINARY, true);

    /** How the bytes of a value are interpreted. */
    public enum Kind {
        /** Text in the default repertoire (ASCII), unaffected by Specific Character Set. */
        TEXT_DEFAULT,
        /** Text that Specific Character Set (0008,0005) applies to. */
        TEXT_SPECIFIC,
        BINARY,
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[1 << 16];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final Kind kind;
    private final boolean longHeader;

    VR(Kind kind, boolean longHeader) {
        this.kind = kind;
        this.longHeader = longHeader;
    }

    public Kind kind() {
        return kind;
    }

    /** True when an explicit-VR element header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
    public boolean hasLongHeader() {
        return longHeader;
    }

    public boolean isText() {
        return kind == Kind.TEXT_DEFAULT || kind == Kind.TEXT_SPECIFIC;
    }

    /** The two ASCII characters as a 16-bit number, first character in the high byte. */
    public int code() {
        String n = name();
        return (n.charAt(0) << 8) | n.charAt(1);
    }

    /** The VR for two ASCII bytes, or null when they name none. */
    public static VR ofCode(int b0, int b1) {
        return BY_CODE[((b0 & 0xFF) << 8) | (b1 & 0xFF)];
    }

    /** Looks a VR up by its two-letter name; null when unknown. */
    public static VR ofName(String name) {
        if (name == null || name.length() != 2) {
            return null;
        }
        return ofCode(name.charAt(0), name.charAt(1));
    }
}
