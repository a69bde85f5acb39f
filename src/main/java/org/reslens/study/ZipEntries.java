package org.reslens.study;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Reads zip entries into memory without trusting the sizes the archive declares: a lying header or a zip bomb gets
 * the entry refused at the limit instead of an allocation the size of its claim.
 */
final class ZipEntries {
    /** Buffers start at most this large and grow by doubling as bytes actually arrive. */
    private static final int FIRST_BUFFER = 1 << 20;

    private ZipEntries() {
    }

    static byte[] read(ZipFile zip, ZipEntry entry, long maxBytes) throws IOException, DicomException {
        long declared = entry.getSize();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] buf = new byte[(int) Math.min(declared >= 0 ? declared : FIRST_BUFFER, Math.min(limit, FIRST_BUFFER))];
        int n = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            while (true) {
                if (n == buf.length) {
                    if (n >= limit) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw tooLarge(maxBytes);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) Math.max(n, 1024) * 2, limit));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static DicomException tooLarge(long maxBytes) {
        return new DicomException(ErrorKind.IO, "zip entry is larger than the limit of " + maxBytes + " bytes", -1);
    }

    /** An archive that cannot be read is an input problem like any other, named after what was being read. */
    static DicomException failure(IOException e, String location) {
        String what = e instanceof ZipException ? "damaged zip archive: " : "cannot read zip archive: ";
        return new DicomException(ErrorKind.IO, what + e.getMessage(), -1, e).withFile(Path.of(location));
    }
}
