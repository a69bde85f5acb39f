package org.reslens.study;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;

/**
 * Reads the entries of one zip archive in central-directory order, each into memory (bounded) and through
 * {@link DicomFile#parse}. Entries that are folders are skipped; entry names are only used as names, never as paths
 * to write to. Entries are read one after another: inflating is the cost, and one archive is one task.
 */
final class ZipScanner {
    /** Where the scanner reports; called on the scanning thread. */
    interface Sink {
        void archiveOpened();

        void entryFound();

        void entryRead(DicomFile df, Location location, InstanceHeader.OrderKey order, long size);

        void failed(InstanceHeader.OrderKey order, Location location, DicomException e);
    }

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private final Sink sink;
    private final CancellationToken token;
    private final IndexOptions options;

    ZipScanner(Sink sink, CancellationToken token, IndexOptions options) {
        this.sink = sink;
        this.token = token;
        this.options = options;
    }

    static boolean hasZipName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** A zip without the extension (archives saved by web browsers often lose it) still starts with a local header. */
    static boolean startsLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, LOCAL_HEADER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @param order the archive's order key; entries get the same input number and entry numbers from 1 */
    void scan(Path archive, InstanceHeader.OrderKey order) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            sink.archiveOpened();
            int n = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                if (token.isCancelled()) {
                    return;
                }
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                InstanceHeader.OrderKey at = new InstanceHeader.OrderKey(order.input(), ++n);
                Location location = new Location.InZip(archive, e.getName());
                sink.entryFound();
                DicomFile df;
                long size;
                try {
                    byte[] bytes = ZipEntries.read(zip, e, options.maxZipEntryBytes());
                    size = bytes.length;
                    df = DicomFile.parse(bytes, location.toString());
                } catch (DicomException x) {
                    sink.failed(at, location, x);
                    continue;
                } catch (IOException x) {
                    sink.failed(at, location, ZipEntries.failure(x, location.toString()));
                    continue;
                }
                sink.entryRead(df, location, at, size);
            }
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.toString(), e);
            sink.failed(order, new Location.InFile(archive), ZipEntries.failure(io, archive.toString()));
        }
    }
}
