package org.reslens.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Random-access bytes: a file read with positional reads, or an array in memory (inflated data, zip entries). */
interface ByteSource extends Closeable {
    long length();

    /** Reads exactly {@code len} bytes at {@code pos}; the caller has checked that they exist. */
    void readFully(long pos, byte[] dst, int off, int len) throws IOException;

    /** Reads up to {@code len} bytes at {@code pos}; returns how many were read (fewer only at the end). */
    int readSome(long pos, byte[] dst, int off, int len) throws IOException;

    @Override
    void close() throws IOException;

    static ByteSource of(Path path) throws IOException {
        return new FileSource(FileChannel.open(path, StandardOpenOption.READ));
    }

    static ByteSource of(byte[] bytes) {
        return new MemorySource(bytes, bytes.length);
    }

    static ByteSource of(byte[] bytes, int length) {
        return new MemorySource(bytes, length);
    }

    final class FileSource implements ByteSource {
        private final FileChannel channel;
        private final long length;

        FileSource(FileChannel channel) throws IOException {
            this.channel = channel;
            this.length = channel.size();
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            int n = readSome(pos, dst, off, len);
            if (n != len) {
                throw new IOException("file shrank while being read: wanted " + len + " bytes at " + pos + ", got " + n);
            }
        }

        @Override
        public int readSome(long pos, byte[] dst, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
            long p = pos;
            while (bb.hasRemaining()) {
                int r = channel.read(bb, p);
                if (r < 0) {
                    break;
                }
                p += r;
            }
            return (int) (p - pos);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    final class MemorySource implements ByteSource {
        private final byte[] bytes;
        private final int length;

        MemorySource(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        byte[] array() {
            return bytes;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > length) {
                throw new IOException("read past the end of memory source");
            }
            System.arraycopy(bytes, (int) pos, dst, off, len);
        }

        @Override
        public int readSome(long pos, byte[] dst, int off, int len) {
            if (pos >= length) {
                return 0;
            }
            int n = (int) Math.min(len, length - pos);
            System.arraycopy(bytes, (int) pos, dst, off, n);
            return n;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
