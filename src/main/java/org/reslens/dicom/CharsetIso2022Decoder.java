package org.reslens.dicom;

import static org.reslens.dicom.CharsetGraphicSet.REPLACEMENT;

/**
 * Decodes text in an 8-bit ISO 2022 code: GL bytes (0x21..0x7E) through the set in G0, GR bytes (0xA0..0xFF) through
 * the set in G1, escape sequences re-designating G0 or G1 when code extensions are on (PS3.5 6.1.2.5). A single-valued
 * Specific Character Set such as ISO_IR 144 or ISO_IR 13 is the same code with fixed G0 and G1 and no escapes (PS3.5
 * 6.1.2.5.4 b), so it runs here too.
 *
 * <p>The state goes back to the initial G0 and G1 (those of value 1 of (0008,0005)) at every control character but ESC
 * (CR, LF, FF, TAB end a line of ST, LT, UT), at the value delimiter 05/12 of the multi-valued VRs and at the PN
 * delimiters 05/14 and 03/13 (PS3.5 6.1.2.5.3). Encoders must switch back themselves, but PS3.5 K.2 shows that many
 * leave G1 designated, so the decoder does it. A delimiter counts only while G0 holds a set where it is one (ASCII or
 * romaji): in a double-byte G0 the same byte is half of a character.
 *
 * <p>Malformed input never throws: a lone or cut double-byte character, a byte a set does not define and an escape
 * sequence without a final byte each become U+FFFD; an escape sequence we do not know is dropped and changes nothing.
 * GR bytes while G1 holds nothing read as ISO 8859-1, as do C1 bytes (0x80..0x9F). Every input byte yields at most one
 * char, so the output never outgrows the input.
 */
final class CharsetIso2022Decoder {
    private static final int ESC = 0x1B;

    private final CharsetGraphicSet initialG0;
    private final CharsetGraphicSet initialG1;
    private final boolean codeExtensions;

    /**
     * @param initialG0 ASCII or romaji, the sets that carry the delimiters
     * @param initialG1 the set in G1 at the start of each value, or null for none
     * @param codeExtensions whether escape sequences switch sets; without them ESC is an ordinary control character
     */
    CharsetIso2022Decoder(CharsetGraphicSet initialG0, CharsetGraphicSet initialG1, boolean codeExtensions) {
        if (initialG0 == null || !initialG0.carriesDelimiters()) {
            throw new IllegalArgumentException("initial G0 must be ASCII or romaji: " + initialG0);
        }
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.codeExtensions = codeExtensions;
    }

    boolean hasCodeExtensions() {
        return codeExtensions;
    }

    /** True when bytes 0x00..0x7F (ESC aside when escapes are on) mean their ASCII characters from the start. */
    boolean startsAsAscii() {
        return initialG0 == CharsetGraphicSet.ASCII;
    }

    /**
     * Decodes {@code in[from..end)} of a value of {@code vr} (TEXT_SPECIFIC); the first {@code asciiPrefix} bytes are
     * known to be plain ASCII in the initial state and are copied as they are.
     */
    String decode(byte[] in, int from, int end, int asciiPrefix, VR vr) {
        boolean valueDelimiter = vr != VR.ST && vr != VR.LT && vr != VR.UT;
        boolean personName = vr == VR.PN;
        char[] out = new char[end - from];
        int n = 0;
        for (; n < asciiPrefix; n++) {
            out[n] = (char) in[from + n];
        }
        CharsetGraphicSet g0 = initialG0;
        CharsetGraphicSet g1 = initialG1;
        int i = from + asciiPrefix;
        while (i < end) {
            int b = in[i] & 0xFF;
            if (b == ESC && codeExtensions) {
                int last = i + 1;
                while (last < end && (in[last] & 0xF0) == 0x20) {
                    last++;
                }
                if (last < end && (in[last] & 0xFF) >= 0x30 && (in[last] & 0xFF) <= 0x7E) {
                    int target = CharsetGraphicSet.designation(in, i + 1, last);
                    if (target >= 0 && CharsetGraphicSet.register(target) == 0) {
                        g0 = CharsetGraphicSet.set(target);
                    } else if (target >= 0) {
                        g1 = CharsetGraphicSet.set(target);
                    }
                    i = last + 1;
                } else {
                    out[n++] = REPLACEMENT;
                    i = last;
                }
            } else if (b < 0x20) {
                g0 = initialG0;
                g1 = initialG1;
                out[n++] = (char) b;
                i++;
            } else if (b == 0x20 || b == 0x7F) {
                out[n++] = (char) b;
                i++;
            } else if (b < 0x7F) {
                if (g0.isDoubleByte()) {
                    if (i + 1 < end && isGraphicLeft(in[i + 1])) {
                        out[n++] = g0.pair(b, in[i + 1] & 0xFF);
                        i += 2;
                        continue;
                    }
                    out[n++] = REPLACEMENT;
                } else if (g0.carriesDelimiters()
                        && ((b == '\\' && valueDelimiter) || (personName && (b == '^' || b == '=')))) {
                    g0 = initialG0;
                    g1 = initialG1;
                    out[n++] = (char) b;
                } else {
                    out[n++] = g0.single(b);
                }
                i++;
            } else if (b < 0xA0 || g1 == null) {
                out[n++] = (char) b;
                i++;
            } else if (g1.isDoubleByte()) {
                if (b != 0xA0 && b != 0xFF && i + 1 < end && isGraphicRight(in[i + 1])) {
                    out[n++] = g1.pair(b & 0x7F, in[i + 1] & 0x7F);
                    i += 2;
                    continue;
                }
                out[n++] = REPLACEMENT;
                i++;
            } else {
                out[n++] = g1.single(b & 0x7F);
                i++;
            }
        }
        return new String(out, 0, n);
    }

    private static boolean isGraphicLeft(byte b) {
        return b >= 0x21 && b <= 0x7E;
    }

    private static boolean isGraphicRight(byte b) {
        int v = b & 0xFF;
        return v >= 0xA1 && v <= 0xFE;
    }
}
