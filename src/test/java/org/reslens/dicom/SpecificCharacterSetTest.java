package org.reslens.dicom;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte sequences come from outside the code under test: the cases in {@code charset/cases.tsv} are built with Python's
 * codecs and read back by dcmtk and/or pydicom (src/test/fixtures/charset/make_cases.py records which agreed and why
 * the other did not), and the inline examples copy the byte listings printed in PS3.5 annexes H and K.
 */
class SpecificCharacterSetTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes that steer the decoders (escapes, designations, delimiters, line ends), mixed into random values. */
    private static final String ISO_2022_BYTES = "\u001B$()-BACDJI\\^=\r";

    // --- cross-checked cases ----------------------------------------------------------------------------------------

    static Stream<Arguments> crossCheckedCases() {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = SpecificCharacterSetTest.class.getResourceAsStream("/charset/cases.tsv")) {
            assertThat(in).as("charset/cases.tsv on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String[] terms = f[1].split("\\\\", -1);
                cases.add(Arguments.of(Named.of(f[0], terms), VR.valueOf(f[2]), HEX.parseHex(f[3]),
                        new String(HEX.parseHex(f[4]), UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(cases).hasSizeGreaterThan(30);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossCheckedCases")
    void decodesCasesThatOtherToolkitsAgreeOn(String[] terms, VR vr, byte[] value, String expected) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);

        assertThat(cs.decode(value, 0, value.length, vr)).isEqualTo(expected);
        assertThat(cs.unknownTerms()).isEmpty();
    }

    // --- the standard's own listings --------------------------------------------------------------------------------

    @Test
    void decodesJapaneseExampleWithKatakanaInG1FromPs35H32() {
        byte[] value = HEX.parseHex(("D4 CF C0 DE 5E C0 DB B3 3D 1B 24 42 3B 33 45 44 1B 28 4A 5E 1B 24 42 42 40 4F 3A"
                + " 1B 28 4A 3D 1B 24 42 24 64 24 5E 24 40 1B 28 4A 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 4A")
                .replace(" ", ""));

        String name = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87").decode(value, 0, value.length, VR.PN);

        assertThat(name).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
    }

    @Test
    void decodesChinesePersonNameWithGb2312InG1FromPs35K2() {
        byte[] value = HEX.parseHex(("5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41"
                + " D0 A1 B6 AB 3D 20").replace(" ", ""));

        String name = SpecificCharacterSet.of("", "ISO 2022 IR 58").decode(value, 0, value.length, VR.PN);

        assertThat(name).isEqualTo("Zhang^XiaoDong=张^小东= ");
    }

    @Test
    void decodesChineseLongTextLineFromPs35K3() {
        byte[] value = HEX.parseHex("312E1B242941B5DAD2BBD0D0CEC4D7D6A1A30D0A");

        String text = SpecificCharacterSet.of("", "ISO 2022 IR 58").decode(value, 0, value.length, VR.LT);

        assertThat(text).isEqualTo("1.第一行文字。\r\n");
    }

    // --- choosing the character set ---------------------------------------------------------------------------------

    @Test
    void absentOrEmptyValuesMeanTheDefaultRepertoire() {
        assertThat(SpecificCharacterSet.of()).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of((String[]) null)).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of("")).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.of(" ", null, "")).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.DEFAULT.isIso2022()).isFalse();
        assertThat(SpecificCharacterSet.DEFAULT.unknownTerms()).isEmpty();
    }

    @Test
    void codeExtensionsAreOnForIso2022TermsAndForSeveralValues() {
        assertThat(SpecificCharacterSet.of("ISO_IR 100").isIso2022()).isFalse();
        assertThat(SpecificCharacterSet.of("ISO_IR 192").isIso2022()).isFalse();
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 100").isIso2022()).isTrue();
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").isIso2022()).isTrue();
        assertThat(SpecificCharacterSet.of("ISO_IR 100", "ISO_IR 126").isIso2022()).isTrue();
    }

    @Test
    void everyDefinedTermIsKnown() {
        String[] terms = {"ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127",
            "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030",
            "GBK", "ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
            "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
            "ISO 2022 IR 203", "ISO 2022 IR 13", "ISO 2022 IR 166", "ISO 2022 IR 87", "ISO 2022 IR 159",
            "ISO 2022 IR 149", "ISO 2022 IR 58"};

        assertThat(SpecificCharacterSet.of(terms).unknownTerms()).isEmpty();
        for (String term : terms) {
            assertThat(SpecificCharacterSet.of(term).unknownTerms()).as(term).isEmpty();
        }
    }

    @Test
    void unknownSingleTermIsReportedAndReadsAsLatin1() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 999");
        byte[] value = {'J', (byte) 0xE9, 'r'};

        assertThat(cs.unknownTerms()).containsExactly("ISO_IR 999");
        assertThat(cs.decode(value, 0, value.length, VR.LO)).isEqualTo("Jér");
    }

    @Test
    void unknownTermInAListIsReportedAndTheKnownOnesStillWork() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 999", "ISO 2022 IR 87");
        byte[] value = HEX.parseHex("1B24423B3345441B2842");

        assertThat(cs.unknownTerms()).containsExactly("ISO 2022 IR 999");
        assertThat(cs.decode(value, 0, value.length, VR.PN)).isEqualTo("山田");
    }

    @Test
    void looseSpellingsOfDefinedTermsAreRecognised() {
        byte[] latin1 = {'B', 'u', 'c', '^', 'J', (byte) 0xE9};
        for (String spelling : new String[] {"ISO_IR_100", "iso_ir 100", "ISO-IR 100", "ISO IR 100"}) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(spelling);
            assertThat(cs.unknownTerms()).as(spelling).isEmpty();
            assertThat(cs.decode(latin1, 0, latin1.length, VR.PN)).as(spelling).isEqualTo("Buc^Jé");
        }
        assertThat(SpecificCharacterSet.of("ISO2022 IR 87").isIso2022()).isTrue();
        assertThat(SpecificCharacterSet.of("iso_ir 192").unknownTerms()).isEmpty();
    }

    @Test
    void variableLengthSetAsValue1WinsOverFurtherValues() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192", "ISO 2022 IR 87");
        byte[] value = "山田^太郎".getBytes(UTF_8);

        assertThat(cs.isIso2022()).isFalse();
        assertThat(cs.decode(value, 0, value.length, VR.PN)).isEqualTo("山田^太郎");
    }

    @Test
    void doubleByteSetAsValue1StillFindsTheDelimiters() {
        // "ISO 2022 IR 87" alone: value 1 names a G0 set that would hide '^', so values start in ASCII.
        byte[] value = HEX.parseHex("5961^1B24423B3345441B2842".replace("^", "5E"));

        assertThat(SpecificCharacterSet.of("ISO 2022 IR 87").decode(value, 0, value.length, VR.PN))
                .isEqualTo("Ya^山田");
    }

    @Test
    void multiByteG1AsValue1IsActiveWithoutAnEscape() {
        byte[] value = "홍길동".getBytes(java.nio.charset.Charset.forName("EUC-KR"));

        assertThat(SpecificCharacterSet.of("ISO 2022 IR 149").decode(value, 0, value.length, VR.PN))
                .isEqualTo("홍길동");
    }

    // --- what decode applies it to ----------------------------------------------------------------------------------

    @Test
    void onlyTextSpecificVrsUseTheCharacterSet() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192");
        byte[] value = "é".getBytes(UTF_8);

        assertThat(cs.decode(value, 0, value.length, VR.LO)).isEqualTo("é");
        assertThat(cs.decode(value, 0, value.length, VR.CS)).isEqualTo("\u00C3\u00A9");
        assertThat(cs.decode(value, 0, value.length, VR.UN)).isEqualTo("\u00C3\u00A9");
    }

    @Test
    void defaultRepertoireKeepsStrayHighBytesVisibleAsLatin1() {
        byte[] value = {'M', (byte) 0xFC, 'l', 'l', 'e', 'r'};

        assertThat(SpecificCharacterSet.DEFAULT.decode(value, 0, value.length, VR.PN)).isEqualTo("Müller");
    }

    @Test
    void decodesOnlyTheGivenRange() {
        byte[] buffer = HEX.parseHex("FFFF1B2442244B1B2842FFFF");

        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(buffer, 2, 8, VR.SH)).isEqualTo("に");
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(buffer, 4, 0, VR.SH)).isEmpty();
    }

    @Test
    void rangeOutsideTheArrayIsACallerBug() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");

        assertThatThrownBy(() -> cs.decode(new byte[4], 2, 3, VR.LO)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cs.decode(new byte[4], -1, 1, VR.LO)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void asciiValuesReadTheSameUnderEverySet() {
        byte[] value = "Doe^John\\Roe^Jane 1.5".getBytes(US_ASCII);
        for (String[] terms : new String[][] {{}, {"ISO_IR 100"}, {"ISO_IR 192"}, {"GB18030"}, {"ISO_IR 166"},
            {"", "ISO 2022 IR 87"}, {"ISO 2022 IR 100", "ISO 2022 IR 126"}}) {
            assertThat(SpecificCharacterSet.of(terms).decode(value, 0, value.length, VR.PN))
                    .isEqualTo("Doe^John\\Roe^Jane 1.5");
        }
    }

    // --- escape sequences and state ---------------------------------------------------------------------------------

    @Test
    void escapeForASetThatValue1DidNotListIsStillObeyed() {
        byte[] value = HEX.parseHex("1B2D41E9");

        assertThat(SpecificCharacterSet.of("ISO 2022 IR 6").decode(value, 0, value.length, VR.LO)).isEqualTo("é");
    }

    @Test
    void jisX0208Of1978IsReadAsJisX0208() {
        byte[] value = HEX.parseHex("1B24403B3345441B2842");

        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(value, 0, value.length, VR.LO))
                .isEqualTo("山田");
    }

    @Test
    void spaceInsideAJisRunIsASpace() {
        byte[] value = HEX.parseHex("1B24423B3320454421211B2842");

        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(value, 0, value.length, VR.LO))
                .isEqualTo("山 田\u3000");
    }

    @Test
    void delimiterByteInsideAJisCharacterDoesNotSplitTheValue() {
        // JIS X 0208 row 0x5C (05/12) cell 0x21 is a kanji; the value has one value, not two.
        byte[] value = HEX.parseHex("1B24425C211B2842");
        String expected = new String(HEX.parseHex("DCA1"), java.nio.charset.Charset.forName("EUC-JP"));

        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(value, 0, value.length, VR.LO))
                .isEqualTo(expected)
                .doesNotContain("\\");
    }

    @Test
    void controlCharacterResetsEvenADoubleByteG0() {
        // The encoder forgot ESC ( B before the line end: the next line starts in ASCII again.
        byte[] value = HEX.parseHex("1B24423B33454 40D0A4142".replace(" ", ""));

        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(value, 0, value.length, VR.LT))
                .isEqualTo("山田\r\nAB");
    }

    @Test
    void romajiOverlineAndYenInTextButDelimiterBetweenValues() {
        byte[] value = {'A', 0x7E, 0x5C, 'B'};
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13");

        assertThat(cs.decode(value, 0, value.length, VR.ST)).isEqualTo("A\u203E\u00A5B");
        assertThat(cs.decode(value, 0, value.length, VR.SH)).isEqualTo("A\u203E\\B");
    }

    // --- hostile input ----------------------------------------------------------------------------------------------

    @Test
    void malformedSequencesBecomeReplacementCharacters() {
        SpecificCharacterSet japanese = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");

        assertThat(decode(japanese, "1B24423B", VR.LO)).isEqualTo("\uFFFD");          // cut pair
        assertThat(decode(japanese, "411B24", VR.LO)).isEqualTo("A\uFFFD");          // escape without final byte
        assertThat(decode(japanese, "1B285A41", VR.LO)).isEqualTo("A");              // unknown escape: dropped
        assertThat(decode(japanese, "1B2442227F", VR.LO)).isEqualTo("\uFFFD\u007F"); // DEL is no second byte
        assertThat(decode(korean, "1B2429 43C141".replace(" ", ""), VR.LO)).isEqualTo("\uFFFDA");
        assertThat(decode(korean, "1B242943FFA1", VR.LO)).isEqualTo("\uFFFD\uFFFD");
        assertThat(decode(SpecificCharacterSet.of("ISO_IR 13"), "E0", VR.SH)).isEqualTo("\uFFFD");
        assertThat(decode(SpecificCharacterSet.of("ISO_IR 192"), "C3", VR.LO)).isEqualTo("\uFFFD");
    }

    @Test
    void randomBytesNeverThrowAndNeverOutgrowTheInput() {
        String[][] sets = {{}, {"ISO_IR 100"}, {"ISO_IR 144"}, {"ISO_IR 13"}, {"ISO_IR 166"}, {"ISO_IR 192"},
            {"GB18030"}, {"GBK"}, {"", "ISO 2022 IR 87", "ISO 2022 IR 159"}, {"ISO 2022 IR 13", "ISO 2022 IR 87"},
            {"", "ISO 2022 IR 149"}, {"", "ISO 2022 IR 58"}, {"ISO 2022 IR 100", "ISO 2022 IR 126"}};
        VR[] vrs = {VR.PN, VR.LO, VR.LT, VR.UC};
        Random random = new Random(20240601L);
        for (int round = 0; round < 3_000; round++) {
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            for (int k = 0; k < value.length; k++) {
                if (random.nextInt(6) == 0) {
                    value[k] = (byte) ISO_2022_BYTES.charAt(random.nextInt(ISO_2022_BYTES.length()));
                }
            }
            for (String[] terms : sets) {
                for (VR vr : vrs) {
                    assertThat(SpecificCharacterSet.of(terms).decode(value, 0, value.length, vr).length())
                            .isLessThanOrEqualTo(value.length);
                }
            }
        }
    }

    // --- sharing ----------------------------------------------------------------------------------------------------

    @Test
    void oneInstanceDecodesTheSameOnManyThreads() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 149", "ISO 2022 IR 58");
        byte[] value = HEX.parseHex("1B24423B3345441B28425E1B242943C8AB5E1B242941D5C5");

        List<String> results = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> cs.decode(value, 0, value.length, VR.PN))
                .distinct()
                .toList();

        assertThat(results).containsExactly("山田^홍^张");
    }

    @Test
    void equalByTheirTerms() {
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87"))
                .isEqualTo(SpecificCharacterSet.of(" ", "ISO 2022 IR 87 "))
                .hasSameHashCodeAs(SpecificCharacterSet.of("", "ISO 2022 IR 87"))
                .isNotEqualTo(SpecificCharacterSet.of("ISO 2022 IR 87"));
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87")).hasToString("SpecificCharacterSet[\\ISO 2022 IR 87]");
    }

    @Test
    void latin1MapsEveryByteToTheSameCodePoint() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }

        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(value, 0, value.length, VR.LT))
                .isEqualTo(new String(value, ISO_8859_1));
    }

    private static String decode(SpecificCharacterSet cs, String hex, VR vr) {
        byte[] value = HEX.parseHex(hex);
        return cs.decode(value, 0, value.length, vr);
    }
}
