package org.reslens.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;

/** Where an indexed object lives: a file, or an entry of a zip archive. {@link #toString()} is how reports name it. */
public sealed interface Location {
    /** Reads the object again (header only for files; the whole entry for zip entries), for decoding its pixels. */
    DicomFile open() throws DicomException;

    /** A file on disk, named as it was found (relative paths stay relative). */
    record InFile(Path path) implements Location {
        public InFile {
            if (path == null) {
                throw new IllegalArgumentException("path is required");
            }
        }

        @Override
        public DicomFile open() throws DicomException {
            return DicomFile.open(path);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * An entry of a zip archive, named {@code archive!/entry} the way jar URLs name them.
     *
     * @param entry the entry name exactly as stored in the archive
     */
    record InZip(Path archive, String entry) implements Location {
        public InZip {
            if (archive == null || entry == null || entry.isEmpty()) {
                throw new IllegalArgumentException("archive and entry are required");
            }
        }

        /** Reads the entry into memory, bounded by {@link IndexOptions#DEFAULT}'s entry size limit. */
        @Override
        public DicomFile open() throws DicomException {
            return open(IndexOptions.DEFAULT.maxZipEntryBytes());
        }

        public DicomFile open(long maxEntryBytes) throws DicomException {
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    throw new DicomException(ErrorKind.IO, "no entry " + entry + " in the archive", -1)
                            .withFile(Path.of(toString()));
                }
                return DicomFile.parse(ZipEntries.read(zip, e, maxEntryBytes), toString());
            } catch (IOException e) {
                throw ZipEntries.failure(e, toString());
            }
        }

        @Override
        public String toString() {
            return archive + "!/" + entry;
        }
    }
}
