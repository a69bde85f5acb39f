package org.reslens.dicom;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The graphic character sets (ISO 2022 code elements) that Specific Character Set can put into G0 or G1, PS3.3
 * tables C.12-2 to C.12-4, with the escape-sequence final bytes that designate them (ISO 2022; PS3.5 annexes H, I, K).
 *
 * <p>Characters are looked up by their 7-bit position: a GR byte is the GL byte with the high bit set, so one table
 * serves both halves. The tables are read once from the JDK's own charsets on first use (the double-byte sets through
 * their EUC forms, where GR bytes are the JIS/KS/GB row-cell plus 0xA0), so decoding a value later costs an array
 * lookup per character and creates no decoder. A charset the runtime lacks leaves a 96-set reading as ISO 8859-1 and a
 * double-byte set as U+FFFD, rather than failing: {@link #isAvailable()} lets {@link SpecificCharacterSet} report it.
 */
enum CharsetGraphicSet {
    /** ISO-IR 6, ASCII. */
    ASCII(Shape.SET_94, "B"),
    /** ISO-IR 14, JIS X 0201 romaji: ASCII except 05/12 YEN SIGN and 07/14 OVERLINE (PS3.5 H.1.1). */
    ROMAJI(Shape.SET_94, "J"),
    /** ISO-IR 13, JIS X 0201 half-width katakana (0x21..0x5F). */
    KATAKANA(Shape.SET_94, "I"),
    LATIN1(Shape.SET_96, "A", "ISO-8859-1"),
    LATIN2(Shape.SET_96, "B", "ISO-8859-2"),
    LATIN3(Shape.SET_96, "C", "ISO-8859-3"),
    LATIN4(Shape.SET_96, "D", "ISO-8859-4"),
    CYRILLIC(Shape.SET_96, "L", "ISO-8859-5"),
    ARABIC(Shape.SET_96, "G", "ISO-8859-6"),
    GREEK(Shape.SET_96, "F", "ISO-8859-7"),
    HEBREW(Shape.SET_96, "H", "ISO-8859-8"),
    LATIN5(Shape.SET_96, "M", "ISO-8859-9"),
    LATIN9(Shape.SET_96, "b", "ISO-8859-15"),
    /** ISO-IR 166, TIS 620-2533; ISO 8859-11 is the same repertoire with NBSP at 0xA0. */
    THAI(Shape.SET_96, "T", "x-iso-8859-11", "TIS-620"),
    /** ISO-IR 87 (final B); ISO-IR 42, its 1978 edition (final @), is read as the same table. */
    JIS_X0208(Shape.SET_94N, "B@", "EUC-JP"),
    /** ISO-IR 159; EUC-JP writes it as 0x8F followed by the two GR bytes. */
    JIS_X0212(Shape.SET_94N, "D", "EUC-JP"),
    /** ISO-IR 149. */
    KS_X1001(Shape.SET_94N, "C", "EUC-KR"),
    /** ISO-IR 58. */
    GB2312(Shape.SET_94N, "A", "GB2312");

    /** How many characters a set has and how many bytes code one: what ISO 2022 escape intermediates say. */
    enum Shape { SET_94, SET_96, SET_94N }

    static final char REPLACEMENT = '\uFFFD';

    private static final int ROWS = 94;
    private static final CharsetGraphicSet[] VALUES = values();

    /** Escape sequences packed as (intermediates << 8 | final), with the register and set each designates. */
    private static final int[] ESCAPE_KEYS;
    private static final int[] ESCAPE_TARGETS;

    static {
        int[] keys = new int[64];
        int[] targets = new int[64];
        int n = 0;
        for (CharsetGraphicSet set : VALUES) {
            for (char f : set.finals.toCharArray()) {
                switch (set.shape) {
                    case SET_94 -> {
                        keys[n] = ('(' << 8) | f;
                        targets[n++] = target(0, set);
                        keys[n] = (')' << 8) | f;
                        targets[n++] = target(1, set);
                    }
                    case SET_96 -> {
                        keys[n] = ('-' << 8) | f;
                        targets[n++] = target(1, set);
                    }
                    case SET_94N -> {
                        keys[n] = ('$' << 16) | ('(' << 8) | f;
                        targets[n++] = target(0, set);
                        keys[n] = ('$' << 16) | (')' << 8) | f;
                        targets[n++] = target(1, set);
                        if (f >= '@' && f <= 'B') {
                            // ISO 2022 drops the 02/08 of G0-DESIGNATE for these three finals (PS3.5 H.1.2 note).
                            keys[n] = ('$' << 8) | f;
                            targets[n++] = target(0, set);
                        }
                    }
                }
            }
        }
        ESCAPE_KEYS = java.util.Arrays.copyOf(keys, n);
        ESCAPE_TARGETS = java.util.Arrays.copyOf(targets, n);
    }

    private final Shape shape;
    private final String finals;
    private final String[] charsetNames;
    private volatile char[] table;

    CharsetGraphicSet(Shape shape, String finals, String... charsetNames) {
        this.shape = shape;
        this.finals = finals;
        this.charsetNames = charsetNames;
    }

    boolean isDoubleByte() {
        return shape == Shape.SET_94N;
    }

    /** True for the sets whose 05/12, 05/14 and 03/13 are the DICOM delimiters. */
    boolean carriesDelimiters() {
        return this == ASCII || this == ROMAJI;
    }

    /** False when the runtime has none of the JDK charsets this set is read from (a jlinked image without jdk.charsets). */
    boolean isAvailable() {
        return charsetNames.length == 0 || charset() != null;
    }

    /** The character at 7-bit position {@code b} (0x20..0x7F) of a single-byte set; U+FFFD where the set has none. */
    char single(int b) {
        return switch (shape) {
            case SET_96 -> table()[b - 0x20];
            case SET_94 -> b < 0x21 || b > 0x7E ? REPLACEMENT : switch (this) {
                case ROMAJI -> b == 0x5C ? '\u00A5' : b == 0x7E ? '\u203E' : (char) b;
                case KATAKANA -> b <= 0x5F ? (char) (0xFF61 + b - 0x21) : REPLACEMENT;
                default -> (char) b;
            };
            case SET_94N -> REPLACEMENT;
        };
    }

    /** The character at 7-bit row and cell bytes {@code b1}, {@code b2} (each 0x21..0x7E) of a double-byte set. */
    char pair(int b1, int b2) {
        return table()[(b1 - 0x21) * ROWS + (b2 - 0x21)];
    }

    /**
     * The register (0 for G0, 1 for G1) and set that the escape sequence with intermediates {@code in[from..last)}
     * and final byte {@code in[last]} designates, packed by {@link #target}; -1 when it names nothing we know.
     */
    static int designation(byte[] in, int from, int last) {
        int count = last - from;
        if (count < 1 || count > 2) {
            return -1;
        }
        int key = in[last] & 0xFF;
        for (int i = from; i < last; i++) {
            key |= (in[i] & 0xFF) << (8 * (last - i));
        }
        for (int i = 0; i < ESCAPE_KEYS.length; i++) {
            if (ESCAPE_KEYS[i] == key) {
                return ESCAPE_TARGETS[i];
            }
        }
        return -1;
    }

    static int register(int target) {
        return target >>> 8;
    }

    static CharsetGraphicSet set(int target) {
        return VALUES[target & 0xFF];
    }

    private static int target(int register, CharsetGraphicSet set) {
        return (register << 8) | set.ordinal();
    }

    private char[] table() {
        char[] t = table;
        if (t == null) {
            // A race builds the same table twice at worst; the volatile write publishes a complete array.
            t = shape == Shape.SET_96 ? buildSingle() : buildDouble();
            table = t;
        }
        return t;
    }

    private Charset charset() {
        for (String name : charsetNames) {
            try {
                return Charset.forName(name);
            } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
                // try the next name; the set degrades as the class comment says when none is present
            }
        }
        return null;
    }

    private char[] buildSingle() {
        Charset cs = charset();
        CharsetDecoder decoder = cs == null ? null : cs.newDecoder();
        char[] t = new char[96];
        for (int b = 0xA0; b <= 0xFF; b++) {
            t[b - 0xA0] = decoder == null ? (char) b : decodeOne(decoder, new byte[] {(byte) b});
        }
        return t;
    }

    private char[] buildDouble() {
        char[] t = new char[ROWS * ROWS];
        Charset cs = charset();
        if (cs == null) {
            java.util.Arrays.fill(t, REPLACEMENT);
            return t;
        }
        CharsetDecoder decoder = cs.newDecoder();
        boolean supplementary = this == JIS_X0212;
        byte[] euc = new byte[supplementary ? 3 : 2];
        euc[0] = (byte) 0x8F;
        for (int row = 0; row < ROWS; row++) {
            for (int cell = 0; cell < ROWS; cell++) {
                euc[euc.length - 2] = (byte) (0xA1 + row);
                euc[euc.length - 1] = (byte) (0xA1 + cell);
                t[row * ROWS + cell] = decodeOne(decoder, euc);
            }
        }
        return t;
    }

    /** The one BMP character that {@code bytes} code, or U+FFFD when they code none or more than one. */
    private static char decodeOne(CharsetDecoder decoder, byte[] bytes) {
        decoder.reset()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(2);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()
                || in.hasRemaining() || out.position() != 1) {
            return REPLACEMENT;
        }
        return out.get(0);
    }
}
