package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reslens.dicom.SpecificCharacterSet;
import org.reslens.dicom.VR;

/**
 * {@link SpecificCharacterSet}: any list of terms (Defined Terms, mangled spellings, junk) and any value bytes. Its
 * contract is stronger than the reader's: {@code of} and {@code decode} never throw on content; malformed sequences
 * become U+FFFD. The harness also checks that the text is never longer than the bytes (no byte decodes to two
 * characters in any supported set, and escape sequences decode to nothing).
 *
 * <p>Input layout: [0] number of terms (low 3 bits, at most 4); per term one byte: bit 7 set picks Defined Term
 * {@code b & 0x3F} of {@link #TERMS} (bit 6 mangles its spelling), else a literal of {@code b & 0x1F} bytes follows;
 * then one byte picks the VR; the rest is the value.
 */
class CharacterSetFuzzTest {
    static final String[] TERMS = {"", "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110",
        "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166",
        "ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
        "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
        "ISO 2022 IR 203", "ISO 2022 IR 13", "ISO 2022 IR 166", "ISO 2022 IR 87", "ISO 2022 IR 159",
        "ISO 2022 IR 149", "ISO 2022 IR 58", "ISO_IR 192", "GB18030", "GBK"};

    @FuzzTest(maxDuration = "4m")
    void decode(byte[] data) {
        int p = 0;
        if (data.length == 0) {
            return;
        }
        int count = Math.min(4, data[p++] & 7);
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < count && p < data.length; i++) {
            int b = data[p++] & 0xFF;
            if ((b & 0x80) != 0) {
                String term = TERMS[(b & 0x3F) % TERMS.length];
                terms.add((b & 0x40) != 0 ? term.toLowerCase(Locale.ROOT).replace(' ', '_') : term);
            } else {
                int n = Math.min(b & 0x1F, data.length - p);
                terms.add(new String(data, p, n, StandardCharsets.ISO_8859_1));
                p += n;
            }
        }
        VR vr = p < data.length ? VR.values()[(data[p++] & 0xFF) % VR.values().length] : VR.PN;
        int valueStart = p;
        FuzzInvariants.expectReturnOrDicomException(data.length, () -> {
            SpecificCharacterSet cs = SpecificCharacterSet.of(terms.toArray(String[]::new));
            if (cs.unknownTerms() == null) {
                throw new AssertionError("unknownTerms() is null");
            }
            cs.isIso2022();
            check(cs.decode(data, valueStart, data.length - valueStart, vr), data.length - valueStart, cs);
            // A sub-range must decode on its own, whatever was cut off around it.
            if (data.length - valueStart >= 2) {
                check(cs.decode(data, valueStart + 1, data.length - valueStart - 2, vr), data.length - valueStart - 2,
                        cs);
            }
        });
    }

    private static void check(String text, int length, SpecificCharacterSet cs) {
        if (text == null) {
            throw new AssertionError("decode returned null for " + cs);
        }
        if (text.length() > length) {
            throw new AssertionError(cs + " decoded " + length + " bytes to " + text.length() + " characters");
        }
    }
}
