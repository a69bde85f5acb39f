package org.reslens.dicom;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Specific Character Set (0008,0005): how the bytes of PN, LO, SH, ST, LT, UT and UC values ({@link VR.Kind#TEXT_SPECIFIC})
 * become text. PS3.3 C.12.1.1.2 lists the Defined Terms, PS3.5 6.1 and annexes H, I, J, K say how they are used.
 *
 * <ul>
 *   <li>No value, or an empty value 1 alone: the default repertoire (ISO-IR 6). Bytes above 0x7F are not allowed there
 *       but occur; they read as ISO 8859-1 rather than being lost.
 *   <li>One single-byte term ("ISO_IR 100", ... "ISO_IR 13", "ISO_IR 166"): ISO 2022 with a fixed G0 and G1 and no
 *       escapes. ISO_IR 13 is JIS X 0201, romaji in G0 (05/12 YEN SIGN, 07/14 OVERLINE) and half-width katakana in G1;
 *       05/12 still separates the values of SH, LO, PN and UC (PS3.5 H.1.1 note 3), so there it reads as '\'.
 *   <li>"ISO 2022 ..." terms, or several values: code extensions. Value 1 (ISO-IR 6 when empty) sets G0 and G1 at the
 *       start of every value, and again at each control character (CR, LF, FF, TAB end lines of ST, LT, UT), at
 *       05/12 between values and at '^' and '=' in PN; escape sequences switch G0 or G1 in between. Escape sequences
 *       for any set this class knows are obeyed even when (0008,0005) did not list it.
 *   <li>"ISO_IR 192" (UTF-8), "GB18030" and "GBK": whole values through the JDK charset; ISO 2022 cannot host them, so
 *       as value 1 they win over any further values, and after value 1 they are ignored.
 * </ul>
 *
 * <p>Terms are matched exactly, then ignoring case, '_', '-' and spaces ("ISO_IR_100"), which files in the wild carry.
 * A term still not recognised is listed by {@link #unknownTerms()} so that the caller can warn; as the only value it
 * reads the value as ISO 8859-1, later in a list it cannot be selected by any escape we know, and as value 1 of a list
 * it leaves G1 empty, which again reads GR bytes as ISO 8859-1.
 *
 * <p>Values that are all ASCII (the common case, with no ESC when escapes are on) are copied into a Latin-1 string with
 * no charset machinery. The single-byte and ISO 2022 sets use tables read once from JDK charsets. Several of those
 * (EUC-JP for JIS X 0208/0212, EUC-KR for KS X 1001, GB2312, GBK, x-iso-8859-11 or TIS-620, ISO-8859-3/-6/-8) belong
 * to the {@code jdk.charsets} module in Oracle's list (Linux builds carry many in {@code java.base}, Windows builds do
 * not), so a jlinked runtime must add {@code jdk.charsets}; without it those terms are reported as unknown.
 *
 * <p>Instances are immutable and thread-safe; {@link #decode} keeps its state on the stack. {@code decode} never throws
 * on the content of the bytes: malformed sequences become U+FFFD. It returns the value as stored, padding included,
 * with '\' between values, for the caller to split and trim.
 */
public final class SpecificCharacterSet {
    /** The default repertoire, ISO-IR 6, used when (0008,0005) is absent or empty. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of(), List.of(), ISO_8859_1, null);

    private final List<String> terms;
    private final List<String> unknownTerms;
    /** Decodes whole values when non-null (the variable-length sets, ISO 8859-1 and unknown single terms). */
    private final Charset wholeValue;
    /** Decodes values otherwise. */
    private final CharsetIso2022Decoder code;

    private SpecificCharacterSet(List<String> terms, List<String> unknownTerms, Charset wholeValue,
            CharsetIso2022Decoder code) {
        this.terms = terms;
        this.unknownTerms = unknownTerms;
        this.wholeValue = wholeValue;
        this.code = code;
    }

    /**
     * The character set for the values of (0008,0005) in order, as stored (they are trimmed here again). An empty first
     * value means the default repertoire; no values, or only empty ones, give {@link #DEFAULT}.
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0) {
            return DEFAULT;
        }
        List<String> values = new ArrayList<>(definedTerms.length);
        for (String t : definedTerms) {
            values.add(t == null ? "" : t.trim());
        }
        while (!values.isEmpty() && values.get(values.size() - 1).isEmpty()) {
            values.remove(values.size() - 1);
        }
        if (values.isEmpty()) {
            return DEFAULT;
        }
        List<String> terms = List.copyOf(values);
        List<String> unknown = new ArrayList<>();
        CharsetTerm first = recognise(terms.get(0), unknown);
        for (String later : terms.subList(1, terms.size())) {
            recognise(later, unknown);
        }
        List<String> unknownTerms = List.copyOf(unknown);
        if (first != null && first.isWholeValue()) {
            return new SpecificCharacterSet(terms, unknownTerms, first.wholeValueCharset(), null);
        }
        boolean extensions = terms.size() > 1 || (first != null && first.hasCodeExtensions());
        if (!extensions && (first == null || first == CharsetTerm.ISO_IR_6 || first == CharsetTerm.ISO_IR_100)) {
            // The same text as the table route, and the JDK copies Latin-1 bytes without a per-byte loop.
            return new SpecificCharacterSet(terms, unknownTerms, ISO_8859_1, null);
        }
        CharsetGraphicSet g0 = CharsetGraphicSet.ASCII;
        CharsetGraphicSet g1 = null;
        if (first != null) {
            // A double-byte set named by value 1 (ISO 2022 IR 87 alone, seen in the wild) is reached by its escape
            // sequence; starting in it would hide the delimiters, so G0 starts as ASCII.
            g0 = first.g0() != null && first.g0().carriesDelimiters() ? first.g0() : CharsetGraphicSet.ASCII;
            g1 = first.g1();
        }
        return new SpecificCharacterSet(terms, unknownTerms, null, new CharsetIso2022Decoder(g0, g1, extensions));
    }

    private static CharsetTerm recognise(String value, List<String> unknown) {
        if (value.isEmpty()) {
            return null;
        }
        CharsetTerm term = CharsetTerm.of(value);
        if (term == null || !term.isAvailable()) {
            unknown.add(value);
            return null;
        }
        return term;
    }

    /**
     * The text of {@code length} bytes at {@code offset}, a value of {@code vr}. Only TEXT_SPECIFIC VRs use this
     * character set; other VRs read as ISO 8859-1 (ASCII, with stray 8-bit bytes kept visible).
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code bytes} (a caller bug, not bad input)
     */
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (vr.kind() != VR.Kind.TEXT_SPECIFIC) {
            return new String(bytes, offset, length, ISO_8859_1);
        }
        if (wholeValue != null) {
            if (wholeValue == ISO_8859_1 || asciiPrefix(bytes, offset, length, false) == length) {
                return new String(bytes, offset, length, ISO_8859_1);
            }
            return new String(bytes, offset, length, wholeValue);
        }
        int ascii = code.startsAsAscii() ? asciiPrefix(bytes, offset, length, code.hasCodeExtensions()) : 0;
        if (ascii == length) {
            return new String(bytes, offset, length, ISO_8859_1);
        }
        return code.decode(bytes, offset, offset + length, ascii, vr);
    }

    /** True when values may switch character sets by ISO 2022 escape sequences. */
    public boolean isIso2022() {
        return code != null && code.hasCodeExtensions();
    }

    /** The values of (0008,0005) this class does not know (or this runtime cannot decode), for the caller to warn. */
    public List<String> unknownTerms() {
        return unknownTerms;
    }

    /** How many leading bytes are 0x00..0x7F, ESC excepted when escapes are on. */
    private static int asciiPrefix(byte[] bytes, int offset, int length, boolean stopAtEscape) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[offset + i];
            if (b < 0 || (stopAtEscape && b == 0x1B)) {
                return i;
            }
        }
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet[" + String.join("\\", terms) + "]";
    }
}
