package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.reslens.dicom.DicomFile;

/**
 * Arbitrary bytes handed to the reader as a file. Seeded from the DICOM fixtures (every transfer syntax, the broken
 * files, sequences, character sets); without {@code JAZZER_FUZZ} each seed runs once as a regression test.
 */
class DicomReaderFuzzTest {

    /** Header only: preamble, meta, encoding detection, data set, sequences, inflation; then every getter. */
    @FuzzTest(maxDuration = "4m")
    void headerParsing(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length, () -> {
            DicomFile file = DicomFile.parse(data, "fuzz.dcm");
            AttributeWalk.touchAll(file.dataset());
            if (file.fileMeta() != null) {
                AttributeWalk.touchAll(file.fileMeta());
            }
            file.warnings();
            file.frameCount();
        });
    }

    /** Header, Image Pixel module and the frames a caller within budget would decode, each checked. */
    @FuzzTest(maxDuration = "4m")
    void fullRead(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> FuzzInvariants.readEverything(data, "fuzz.dcm"));
    }
}
