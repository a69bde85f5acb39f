package org.reslens.imaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.reslens.dicom.BulkData;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;

/**
 * Fetches values the header reader left in the file because they are large (a 65536-entry 16-bit LUT is 128 KiB,
 * above the reader's in-memory limit).
 */
@FunctionalInterface
interface BulkReader {
    /** The largest LUT Data there can be: 65536 entries of 16 bits. */
    long MAX_LUT_BYTES = 2 * 65536;

    byte[] read(BulkData bulk, String what) throws DicomException;

    /** For data sets without a file behind them. */
    BulkReader NONE = (bulk, what) -> {
        throw new DicomException(ErrorKind.IO, what + " of " + bulk.length() + " bytes was left in the file; read "
                + "the image through ImageTransforms.read(DicomFile, frame)", bulk.offset());
    };

    /** Reads bulk values from the file of {@code file}, when it has one and offsets are file offsets. */
    static BulkReader of(DicomFile file) {
        Path path = file.path();
        if (path == null || file.transferSyntax().deflated()) {
            return NONE;
        }
        return (bulk, what) -> {
            if (bulk.length() > MAX_LUT_BYTES + 2) {
                throw new DicomException(ErrorKind.MALFORMED, what + " holds " + bulk.length()
                        + " bytes, more than any LUT", bulk.offset());
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate((int) bulk.length());
                long at = bulk.offset();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, at);
                    if (n < 0) {
                        throw new DicomException(ErrorKind.TRUNCATED, what + " ends before its declared length",
                                at);
                    }
                    at += n;
                }
                return buf.array();
            } catch (IOException e) {
                throw new DicomException(ErrorKind.IO, "cannot read " + what + ": " + e.getMessage(), bulk.offset(), e);
            }
        };
    }
}
