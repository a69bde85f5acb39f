package org.reslens.dicom;

import static org.reslens.dicom.CharsetGraphicSet.ARABIC;
import static org.reslens.dicom.CharsetGraphicSet.ASCII;
import static org.reslens.dicom.CharsetGraphicSet.CYRILLIC;
import static org.reslens.dicom.CharsetGraphicSet.GB2312;
import static org.reslens.dicom.CharsetGraphicSet.GREEK;
import static org.reslens.dicom.CharsetGraphicSet.HEBREW;
import static org.reslens.dicom.CharsetGraphicSet.JIS_X0208;
import static org.reslens.dicom.CharsetGraphicSet.JIS_X0212;
import static org.reslens.dicom.CharsetGraphicSet.KATAKANA;
import static org.reslens.dicom.CharsetGraphicSet.KS_X1001;
import static org.reslens.dicom.CharsetGraphicSet.LATIN1;
import static org.reslens.dicom.CharsetGraphicSet.LATIN2;
import static org.reslens.dicom.CharsetGraphicSet.LATIN3;
import static org.reslens.dicom.CharsetGraphicSet.LATIN4;
import static org.reslens.dicom.CharsetGraphicSet.LATIN5;
import static org.reslens.dicom.CharsetGraphicSet.LATIN9;
import static org.reslens.dicom.CharsetGraphicSet.ROMAJI;
import static org.reslens.dicom.CharsetGraphicSet.THAI;

import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Defined Terms of Specific Character Set (0008,0005), PS3.3 tables C.12-2 (single-byte without code extensions),
 * C.12-3 (single-byte with), C.12-4 (multi-byte with) and C.12-5 (multi-byte without), each with the G0 and G1 sets it
 * designates or, for the variable-length encodings that ISO 2022 cannot host, the JDK charset that decodes whole values.
 */
enum CharsetTerm {
    /** Not a Defined Term, but writers use it for the default repertoire; read as an absent value. */
    ISO_IR_6("ISO_IR 6", false, ASCII, null),
    ISO_IR_100("ISO_IR 100", false, ASCII, LATIN1),
    ISO_IR_101("ISO_IR 101", false, ASCII, LATIN2),
    ISO_IR_109("ISO_IR 109", false, ASCII, LATIN3),
    ISO_IR_110("ISO_IR 110", false, ASCII, LATIN4),
    ISO_IR_144("ISO_IR 144", false, ASCII, CYRILLIC),
    ISO_IR_127("ISO_IR 127", false, ASCII, ARABIC),
    ISO_IR_126("ISO_IR 126", false, ASCII, GREEK),
    ISO_IR_138("ISO_IR 138", false, ASCII, HEBREW),
    ISO_IR_148("ISO_IR 148", false, ASCII, LATIN5),
    ISO_IR_203("ISO_IR 203", false, ASCII, LATIN9),
    ISO_IR_13("ISO_IR 13", false, ROMAJI, KATAKANA),
    ISO_IR_166("ISO_IR 166", false, ASCII, THAI),
    ISO_2022_IR_6("ISO 2022 IR 6", true, ASCII, null),
    ISO_2022_IR_100("ISO 2022 IR 100", true, ASCII, LATIN1),
    ISO_2022_IR_101("ISO 2022 IR 101", true, ASCII, LATIN2),
    ISO_2022_IR_109("ISO 2022 IR 109", true, ASCII, LATIN3),
    ISO_2022_IR_110("ISO 2022 IR 110", true, ASCII, LATIN4),
    ISO_2022_IR_144("ISO 2022 IR 144", true, ASCII, CYRILLIC),
    ISO_2022_IR_127("ISO 2022 IR 127", true, ASCII, ARABIC),
    ISO_2022_IR_126("ISO 2022 IR 126", true, ASCII, GREEK),
    ISO_2022_IR_138("ISO 2022 IR 138", true, ASCII, HEBREW),
    ISO_2022_IR_148("ISO 2022 IR 148", true, ASCII, LATIN5),
    ISO_2022_IR_203("ISO 2022 IR 203", true, ASCII, LATIN9),
    ISO_2022_IR_13("ISO 2022 IR 13", true, ROMAJI, KATAKANA),
    ISO_2022_IR_166("ISO 2022 IR 166", true, ASCII, THAI),
    ISO_2022_IR_87("ISO 2022 IR 87", true, JIS_X0208, null),
    ISO_2022_IR_159("ISO 2022 IR 159", true, JIS_X0212, null),
    ISO_2022_IR_149("ISO 2022 IR 149", true, null, KS_X1001),
    ISO_2022_IR_58("ISO 2022 IR 58", true, null, GB2312),
    ISO_IR_192("ISO_IR 192", "UTF-8"),
    GB18030("GB18030", "GB18030"),
    GBK("GBK", "GBK");

    private static final Map<String, CharsetTerm> BY_TERM = new HashMap<>();
    private static final Map<String, CharsetTerm> BY_LOOSE_TERM = new HashMap<>();

    static {
        for (CharsetTerm t : values()) {
            BY_TERM.put(t.definedTerm, t);
            BY_LOOSE_TERM.put(loose(t.definedTerm), t);
        }
    }

    private final String definedTerm;
    private final boolean codeExtensions;
    private final CharsetGraphicSet g0;
    private final CharsetGraphicSet g1;
    private final String wholeValueCharset;

    CharsetTerm(String definedTerm, boolean codeExtensions, CharsetGraphicSet g0, CharsetGraphicSet g1) {
        this.definedTerm = definedTerm;
        this.codeExtensions = codeExtensions;
        this.g0 = g0;
        this.g1 = g1;
        this.wholeValueCharset = null;
    }

    CharsetTerm(String definedTerm, String wholeValueCharset) {
        this.definedTerm = definedTerm;
        this.codeExtensions = false;
        this.g0 = null;
        this.g1 = null;
        this.wholeValueCharset = wholeValueCharset;
    }

    /**
     * The term for a value of (0008,0005), or null. Exact Defined Terms first; then spellings that differ only in
     * case, '_', '-' and spaces ("ISO_IR_100", "iso-ir 100", "ISO2022 IR 87"), which real files carry and which
     * cannot be mistaken for another term.
     */
    static CharsetTerm of(String value) {
        CharsetTerm t = BY_TERM.get(value);
        return t != null ? t : BY_LOOSE_TERM.get(loose(value));
    }

    /** True for the "ISO 2022 ..." terms, which announce escape sequences. */
    boolean hasCodeExtensions() {
        return codeExtensions;
    }

    /** The set this term designates into G0, or null when it designates none. */
    CharsetGraphicSet g0() {
        return g0;
    }

    /** The set this term designates into G1, or null when it designates none. */
    CharsetGraphicSet g1() {
        return g1;
    }

    /** True for ISO_IR 192, GB18030 and GBK, which ISO 2022 cannot host and which decode a value as a whole. */
    boolean isWholeValue() {
        return wholeValueCharset != null;
    }

    /** The JDK charset for a whole-value term, or null when this runtime lacks it (then the term reads as unknown). */
    Charset wholeValueCharset() {
        return Charset.isSupported(wholeValueCharset) ? Charset.forName(wholeValueCharset) : null;
    }

    /** True when this runtime has every JDK charset the term needs. */
    boolean isAvailable() {
        if (isWholeValue()) {
            return Charset.isSupported(wholeValueCharset);
        }
        return (g0 == null || g0.isAvailable()) && (g1 == null || g1.isAvailable());
    }

    private static String loose(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '_' && c != '-') {
                sb.append(c);
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
