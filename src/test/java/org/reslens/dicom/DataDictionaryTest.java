package org.reslens.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DataDictionaryTest {
    private final DataDictionary dictionary = DataDictionary.standard();

    private DictionaryEntry entry(int tag) {
        return dictionary.byTag(tag).orElseThrow(() -> new AssertionError("no entry for " + Tags.tagString(tag)));
    }

    @Test
    void patientNameIsSingleValuedPersonName() {
        DictionaryEntry name = entry(0x00100010);

        assertThat(name.keyword()).isEqualTo("PatientName");
        assertThat(name.name()).isEqualTo("Patient Name");
        assertThat(name.vr()).isEqualTo(VR.PN);
        assertThat(name.alternatives()).containsExactly(VR.PN);
        assertThat(name.vm()).isEqualTo("1");
        assertThat(name.retired()).isFalse();
        assertThat(name.isRepeating()).isFalse();
        assertThat(dictionary.byKeyword("PatientName")).contains(name);
    }

    @Test
    void pixelDataAllowsObOrOwAndDefaultsToOb() {
        DictionaryEntry pixelData = entry(0x7FE00010);

        assertThat(pixelData.keyword()).isEqualTo("PixelData");
        assertThat(pixelData.alternatives()).containsExactly(VR.OB, VR.OW);
        assertThat(pixelData.vr()).isEqualTo(VR.OB);
        assertThat(pixelData.hasAlternativeVrs()).isTrue();
    }

    @Test
    void overlayDataIsFoundInEveryEvenOverlayGroup() {
        DictionaryEntry overlayData = entry(0x60023000);

        assertThat(overlayData.keyword()).isEqualTo("OverlayData");
        assertThat(overlayData.tagPattern()).isEqualTo("(60xx,3000)");
        assertThat(overlayData.mask()).isEqualTo(0xFF00FFFF);
        assertThat(overlayData.alternatives()).containsExactly(VR.OB, VR.OW);
        assertThat(entry(0x60003000)).isSameAs(overlayData);
        assertThat(entry(0x601E3000)).isSameAs(overlayData);
        assertThat(dictionary.byKeyword("OverlayData")).contains(overlayData);
        assertThat(dictionary.vrOf(0x60FE0010)).isEqualTo(VR.US); // OverlayRows
    }

    @Test
    void repeatingElementsMatchTheirPs36Patterns() {
        assertThat(entry(0x00203105).keyword()).isEqualTo("SourceImageIDs");
        assertThat(entry(0x10000123).keyword()).isEqualTo("HuffmanTableTriplet");
        assertThat(entry(0x10000123).tagPattern()).isEqualTo("(1000,xxx3)");
        assertThat(entry(0x10101234).keyword()).isEqualTo("ZonalMap");
        assertThat(entry(0x00280420).keyword()).isEqualTo("RowsForNthOrderCoefficients");
        // An exact entry wins over a pattern that also covers its tag: (0028,0400) is not (0028,04x0).
        assertThat(entry(0x00280400).keyword()).isEqualTo("TransformLabel");
    }

    @Test
    void lutDataAllowsUsOrOw() {
        DictionaryEntry lutData = entry(Tags.LUTData);

        assertThat(lutData.alternatives()).containsExactly(VR.US, VR.OW);
        assertThat(lutData.vm()).isEqualTo("1-n");
    }

    @Test
    void pseudoVrsBecomeThePs36Alternatives() {
        assertThat(entry(Tags.SmallestImagePixelValue).alternatives()).containsExactly(VR.US, VR.SS);
        assertThat(entry(Tags.LUTDescriptor).alternatives()).containsExactly(VR.US, VR.SS);
        assertThat(entry(Tags.LUTDescriptor).vm()).isEqualTo("3");
        assertThat(entry(Tags.OffsetOfTheNextDirectoryRecord).alternatives()).containsExactly(VR.UL);
        assertThat(entry(0x00281200).alternatives()).containsExactly(VR.US, VR.SS, VR.OW); // GrayLookupTableData
    }

    @Test
    void retiredAttributesAreMarkedAndFoundWithoutDcmtkPrefix() {
        DictionaryEntry imageLocation = entry(0x00280200);

        assertThat(imageLocation.keyword()).isEqualTo("ImageLocation");
        assertThat(imageLocation.retired()).isTrue();
        assertThat(imageLocation.vr()).isEqualTo(VR.US);
        assertThat(dictionary.byKeyword("ImageLocation")).contains(imageLocation);
        assertThat(dictionary.byKeyword("RETIRED_ImageLocation")).isEmpty();
        assertThat(entry(Tags.PatientName).retired()).isFalse();
    }

    @Test
    void groupLengthsAreUlInEveryGroup() {
        assertThat(entry(0x00000000).keyword()).isEqualTo("CommandGroupLength");
        assertThat(entry(0x00020000).keyword()).isEqualTo("FileMetaInformationGroupLength");
        DictionaryEntry groupLength = entry(0x00280000);
        assertThat(groupLength.keyword()).isEqualTo("GroupLength");
        assertThat(groupLength.vr()).isEqualTo(VR.UL);
        assertThat(entry(0x60000000)).isSameAs(groupLength);
        assertThat(dictionary.vrOf(0x00180000)).isEqualTo(VR.UL);
        assertThat(dictionary.vrOf(0x00090000)).isEqualTo(VR.UL);
    }

    @Test
    void privateTagsHaveNoEntryButCreatorsAreLo() {
        assertThat(dictionary.byTag(0x00090010)).isEmpty();
        assertThat(dictionary.byTag(0x60013000)).isEmpty();
        assertThat(dictionary.vrOf(0x00090010)).isEqualTo(VR.LO);
        assertThat(dictionary.vrOf(0x002900FF)).isEqualTo(VR.LO);
        assertThat(dictionary.vrOf(0x00291010)).isEqualTo(VR.UN);
        assertThat(dictionary.vrOf(0x00290100)).isEqualTo(VR.UN);
        assertThat(dictionary.vrOf(0x0029000F)).isEqualTo(VR.UN);
        assertThat(dictionary.vrOf(0x60013000)).isEqualTo(VR.UN);
    }

    @Test
    void unknownTagsAreUn() {
        assertThat(dictionary.byTag(0x00100001)).isEmpty();
        assertThat(dictionary.vrOf(0x00100001)).isEqualTo(VR.UN);
        assertThat(dictionary.vrOf(0x7FE00003)).isEqualTo(VR.UN);
        assertThat(dictionary.vrOf(0xFFFEE001)).isEqualTo(VR.UN);
        assertThat(dictionary.byKeyword("NoSuchKeyword")).isEmpty();
    }

    @Test
    void vrOfAgreesWithByTagForEveryViewerTag() throws IllegalAccessException {
        for (Field field : viewerTagFields()) {
            int tag = field.getInt(null);
            assertThat(dictionary.vrOf(tag)).as(field.getName()).isEqualTo(entry(tag).vr());
        }
        assertThat(dictionary.vrOf(Tags.PixelData)).isEqualTo(VR.OB);
        assertThat(dictionary.vrOf(Tags.Rows)).isEqualTo(VR.US);
        assertThat(dictionary.vrOf(Tags.Item)).isEqualTo(VR.UN);
    }

    @Test
    void dictionaryHoldsTheWholeStandard() {
        assertThat(dictionary.size()).isBetween(4000, 10000);
    }

    @Test
    void tagConstantsMatchTheDictionaryKeywords() throws IllegalAccessException {
        List<Field> fields = viewerTagFields();
        assertThat(fields).hasSizeGreaterThanOrEqualTo(100);
        for (Field field : fields) {
            String keyword = field.getName().equals("ItemTag") ? "Item" : field.getName();
            DictionaryEntry byKeyword = dictionary.byKeyword(keyword).orElseThrow(() -> new AssertionError(keyword));
            assertThat(field.getInt(null)).as(keyword).isEqualTo(byKeyword.tag());
            assertThat(byKeyword.isRepeating()).as(keyword).isFalse();
        }
    }

    @Test
    void tagStringWritesUpperCaseGroupAndElement() {
        assertThat(Tags.tagString(0x00100010)).isEqualTo("(0010,0010)");
        assertThat(Tags.tagString(0x7FE00010)).isEqualTo("(7FE0,0010)");
        assertThat(Tags.tagString(0xFFFEE0DD)).isEqualTo("(FFFE,E0DD)");
        assertThat(entry(Tags.PatientName).toString()).isEqualTo("(0010,0010) PatientName PN 1");
    }

    @Test
    void standardIsOneInstanceAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<DataDictionary>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(DataDictionary::standard);
            }
            for (Future<DataDictionary> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isSameAs(dictionary);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parseReadsTheGeneratorFormat() throws Exception {
        DataDictionary small = DataDictionary.parse(new BufferedReader(new StringReader("""
                # comment
                00100010\tFFFFFFFF\tPN\t1\tPatientName\tPatient Name\t0
                60003000\tFF00FFFF\tOB|OW\t1\tOverlayData\tOverlay Data\t0
                """)));

        assertThat(small.size()).isEqualTo(2);
        assertThat(small.vrOf(0x00100010)).isEqualTo(VR.PN);
        assertThat(small.byTag(0x60043000).map(DictionaryEntry::keyword)).contains("OverlayData");
    }

    @Test
    void parseNamesTheLineOfABrokenEntry() {
        String text = "00100010\tFFFFFFFF\tPN\t1\tPatientName\tPatient Name\t0\n00100020\tFFFFFFFF\tXX\t1\tPatientID\tId\t0\n";

        assertThatThrownBy(() -> DataDictionary.parse(new BufferedReader(new StringReader(text))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown VR XX");
    }

    @Test
    void parseRejectsDuplicateKeywords() {
        String text = "00100010\tFFFFFFFF\tPN\t1\tPatientName\tA\t0\n00100020\tFFFFFFFF\tLO\t1\tPatientName\tB\t0\n";

        assertThatThrownBy(() -> DataDictionary.parse(new BufferedReader(new StringReader(text))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate keyword PatientName");
    }

    @Test
    void entryRejectsInconsistentFields() {
        assertThatThrownBy(() -> new DictionaryEntry(0x60003000, 0xFF00FFFF, "OverlayData", "Overlay Data", VR.OW,
                List.of(VR.OB, VR.OW), "1", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DictionaryEntry(0x60023000, 0xFF00FFFF, "OverlayData", "Overlay Data", VR.OB,
                List.of(VR.OB, VR.OW), "1", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DictionaryEntry(0x00100010, -1, " ", "Patient Name", VR.PN, List.of(VR.PN), "1",
                false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Field> viewerTagFields() {
        List<Field> fields = new ArrayList<>();
        for (Field field : Tags.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == int.class) {
                fields.add(field);
            }
        }
        return fields;
    }
}
