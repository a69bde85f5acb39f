package org.reslens.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;

/**
 * Nested sequences and items of defined and undefined length, in explicit LE, implicit LE and explicit BE, with UN
 * of undefined length switching to implicit VR inside, built by {@link NestedDataSet} from the fuzzer's choices.
 *
 * <p>Beyond the common invariants this target has an oracle: a well-formed stream nested at most
 * 64 levels deep must parse to exactly the structure and values written; a deeper one must be refused as MALFORMED.
 * When the fuzzer also asks for a lie (one length field overwritten, or the stream cut short) only the common
 * invariants apply.
 */
class SequenceNestingFuzzTest {
    /** The parser's nesting limit (DicomParser.MAX_DEPTH), restated: a change to it should be a conscious one. */
    static final int PARSER_DEPTH_LIMIT = 64;

    @FuzzTest(maxDuration = "4m")
    void nestedSequences(FuzzedDataProvider fdp) {
        NestedDataSet model = NestedDataSet.generate(fdp);
        Crafted written = model.write();
        byte[] bytes = written.bytes();
        boolean lie = fdp.consumeInt(0, 3) == 0;
        if (lie) {
            bytes = lie(fdp, bytes, written.lengthFields());
        }
        byte[] input = bytes;
        DicomFile[] parsed = new DicomFile[1];
        DicomException failure = FuzzInvariants.expectReturnOrDicomException(input.length, () -> {
            parsed[0] = DicomFile.parse(input, "nested.dcm");
            AttributeWalk.touchAll(parsed[0].dataset());
        });
        if (lie) {
            return;
        }
        int levels = model.maxLevel();
        if (levels > PARSER_DEPTH_LIMIT) {
            if (failure == null || failure.kind() != ErrorKind.MALFORMED) {
                throw new AssertionError(levels + " levels of nesting were not refused as MALFORMED: " + failure);
            }
            return;
        }
        if (failure != null) {
            throw new AssertionError("well-formed data set (" + levels + " levels, " + model.encoding
                    + ") was refused", failure);
        }
        String expected = model.shape();
        String actual = NestedDataSet.shapeOf(parsed[0].dataset());
        if (!expected.equals(actual)) {
            throw new AssertionError("parsed structure differs (" + model.encoding + ")\nwritten: " + expected
                    + "\nparsed:  " + actual);
        }
    }

    /** Overwrites one 32-bit length field with a chosen value, or cuts the stream. */
    private static byte[] lie(FuzzedDataProvider fdp, byte[] bytes, List<Integer> lengthFields) {
        if (lengthFields.isEmpty() || fdp.consumeBoolean()) {
            return java.util.Arrays.copyOf(bytes, fdp.consumeInt(0, bytes.length));
        }
        int at = lengthFields.get(fdp.consumeInt(0, lengthFields.size() - 1));
        int value = fdp.consumeInt();
        // Byte order does not matter for a lie; little endian everywhere keeps it simple.
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
        return bytes;
    }
}
