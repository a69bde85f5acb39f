package org.reslens.dicom.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears whole or not at all: the bytes go to a hidden temporary file in the same folder,
 * are (for durable writes) forced to disk, and the temporary file is renamed over the target in one step. A process
 * killed at any moment leaves the old file (or none) and at worst a stray {@code .*.part} file, never a truncated
 * target; a durable write also survives a power loss after it returns.
 */
public final class AtomicFiles {
    /** Suffix of the temporary files; a folder scan can recognise (and clear) leftovers by it. */
    public static final String PART_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A durable write of {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes), true);
    }

    /**
     * @param durable force the bytes to disk before the rename (an fsync: slow on busy disks); without it the file
     *                is still never seen half-written by a reader or after a killed process, but a power loss may
     *                lose it
     */
    public static void write(Path target, byte[] bytes, boolean durable) throws IOException {
        write(target, out -> out.write(bytes), durable);
    }

    public static void write(Path target, Content content, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + PART_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
                         1 << 16)) {
                content.writeTo(out);
                out.flush();
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
