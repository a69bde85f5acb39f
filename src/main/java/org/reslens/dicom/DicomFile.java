package org.reslens.dicom;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A DICOM object read header-only: File Meta Information, the data set up to Pixel Data, and where Pixel Data is.
 * Frames are decoded on demand with positional reads of just their bytes, so opening thousands of files never reads
 * pixels and asking for one frame never reads the whole file.
 *
 * <p>Immutable apart from a lazily built fragment table; safe to share between threads.
 */
public final class DicomFile {
    private final Path path;
    private final String name;
    private final byte[] memory;
    private final DicomParser.Result header;
    private volatile FrameLocator locator;

    private DicomFile(Path path, String name, byte[] memory, DicomParser.Result header) {
        this.path = path;
        this.name = name;
        this.memory = memory;
        this.header = header;
    }

    /** Reads the header of a file; errors name the file. */
    public static DicomFile open(Path path) throws DicomException {
        try (ByteSource src = ByteSource.of(path)) {
            DicomParser.Result r = DicomParser.parse(src);
            return new DicomFile(path, path.toString(), r.inflated(), r);
        } catch (NoSuchFileException e) {
            throw new DicomException(ErrorKind.IO, "no such file", -1, e).withFile(path);
        } catch (AccessDeniedException e) {
            throw new DicomException(ErrorKind.IO, "permission denied", -1, e).withFile(path);
        } catch (IOException e) {
            throw new DicomException(ErrorKind.IO, "cannot read: " + e.getMessage(), -1, e).withFile(path);
        } catch (DicomException e) {
            throw e.withFile(path);
        } catch (StackOverflowError e) {
            throw new DicomException(ErrorKind.MALFORMED, "structure nested too deeply", -1).withFile(path);
        } catch (RuntimeException e) {
            throw unexpected(e, path);
        }
    }

    /** A reader bug must still not stop a folder: report it against the file, with the cause kept for the log. */
    private static DicomException unexpected(RuntimeException e, Path file) {
        return new DicomException(ErrorKind.MALFORMED, "unexpected " + e.getClass().getSimpleName() + " while reading: "
                + e.getMessage(), -1, e).withFile(file);
    }

    /** Reads an object held in memory (a zip entry, a network buffer); {@code name} is used in messages. */
    public static DicomFile parse(byte[] bytes, String name) throws DicomException {
        try {
            DicomParser.Result r = DicomParser.parse(ByteSource.of(bytes));
            return new DicomFile(null, name, r.inflated() != null ? r.inflated() : bytes, r);
        } catch (DicomException e) {
            throw e.withFile(Path.of(name));
        } catch (RuntimeException e) {
            throw unexpected(e, Path.of(name));
        }
    }

    /** The file, or null for objects parsed from memory. */
    public Path path() {
        return path;
    }

    public String name() {
        return name;
    }

    /** File Meta Information; null for files written without it. */
    public Attributes fileMeta() {
        return header.meta();
    }

    public Attributes dataset() {
        return header.dataset();
    }

    public TransferSyntax transferSyntax() {
        return header.transferSyntax();
    }

    /** The transfer syntax UID as written (or as detected for files without meta). */
    public String transferSyntaxUid() {
        return header.transferSyntaxUid();
    }

    public boolean hasPreamble() {
        return header.hadPreamble();
    }

    /** Things the reader tolerated and a careful user may want to know. */
    public List<String> warnings() {
        return header.warnings();
    }

    public Optional<PixelDataInfo> pixelData() {
        return Optional.ofNullable(header.pixelData());
    }

    public String sopClassUid() {
        String uid = dataset().getString(0x00080016);
        if (uid == null && fileMeta() != null) {
            uid = fileMeta().getString(0x00020002);
        }
        return uid;
    }

    /** The Image Pixel module; MALFORMED when absent or inconsistent. */
    public ImagePixel imagePixel() throws DicomException {
        try {
            ImagePixel ip = ImagePixel.of(dataset());
            PixelDataInfo pd = header.pixelData();
            if (pd != null && !pd.encapsulated()) {
                long needed = (ip.bitsPerFrame() * ip.frames() + 7) / 8;
                if (needed > pd.length()) {
                    throw new DicomException(ErrorKind.MALFORMED, "Pixel Data holds " + pd.length() + " bytes but "
                            + ip.frames() + " frame(s) of " + ip.rows() + "x" + ip.columns() + "x"
                            + ip.samplesPerPixel() + " at " + ip.bitsAllocated() + " bits need " + needed,
                            pd.valueOffset());
                }
            }
            return ip;
        } catch (DicomException e) {
            throw e.withFile(path != null ? path : Path.of(name));
        }
    }

    /** Number of frames (1 when Number of Frames is absent); 0 for objects without Pixel Data. */
    public int frameCount() {
        if (header.pixelData() == null) {
            return 0;
        }
        return Math.max(1, dataset().getInt(0x00280008, 1));
    }

    /** Decodes frame {@code index} (0-based) to stored values. */
    public PixelFrame readFrame(int index) throws DicomException {
        PixelDataInfo pd = header.pixelData();
        Path where = path != null ? path : Path.of(name);
        if (pd == null) {
            throw new DicomException(ErrorKind.MALFORMED, "object has no Pixel Data", -1).withFile(where);
        }
        try (ByteSource src = memory != null ? ByteSource.of(memory) : ByteSource.of(path)) {
            ImagePixel ip = ImagePixel.of(dataset());
            if (index < 0 || index >= ip.frames()) {
                throw new IllegalArgumentException("frame " + index + " of " + ip.frames());
            }
            return FrameDecoder.decode(src, locator(src, pd), pd, ip, transferSyntax(), index);
        } catch (IOException e) {
            throw new DicomException(ErrorKind.IO, "cannot read: " + e.getMessage(), -1, e).withFile(where);
        } catch (DicomException e) {
            throw e.withFile(where);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(e, where);
        }
    }

    /**
     * Reads a value the header read left in the file (see {@link Attributes#getBulkData}): large LUTs, private blobs.
     * Works for files, in-memory objects and deflated files alike.
     */
    public byte[] readBulk(BulkData bulk) throws DicomException {
        Path where = path != null ? path : Path.of(name);
        if (bulk.length() > Integer.MAX_VALUE - 16) {
            throw new DicomException(ErrorKind.MALFORMED, "bulk value of " + bulk.length() + " bytes is too large",
                    bulk.offset()).withFile(where);
        }
        try (ByteSource src = memory != null ? ByteSource.of(memory) : ByteSource.of(path)) {
            if (bulk.offset() + bulk.length() > src.length()) {
                throw new DicomException(ErrorKind.TRUNCATED, "bulk value of " + bulk.length()
                        + " bytes runs past the end of the file", bulk.offset()).withFile(where);
            }
            byte[] out = new byte[(int) bulk.length()];
            src.readFully(bulk.offset(), out, 0, out.length);
            return out;
        } catch (IOException e) {
            throw new DicomException(ErrorKind.IO, "cannot read: " + e.getMessage(), bulk.offset(), e).withFile(where);
        }
    }

    private FrameLocator locator(ByteSource src, PixelDataInfo pd) throws DicomException {
        if (!pd.encapsulated()) {
            return null;
        }
        FrameLocator l = locator;
        if (l == null) {
            synchronized (this) {
                l = locator;
                if (l == null) {
                    l = FrameLocator.scan(src, pd, dataset(), frameCount(), transferSyntax());
                    locator = l;
                }
            }
        }
        return l;
    }

    @Override
    public String toString() {
        return "DicomFile[" + name + ", " + transferSyntax() + "]";
    }
}
