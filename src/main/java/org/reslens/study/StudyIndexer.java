package org.reslens.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.Dicomdir;
import org.reslens.dicom.ErrorKind;

/**
 * Indexes files, folders (recursively, in name order), DICOMDIRs and zip archives into a {@link StudyIndex}. Every
 * file is read header-only, on the injected executor; a file that is not DICOM or is damaged becomes an
 * {@link IndexFailure}, never an exception. Nothing is written anywhere.
 *
 * <p>Folders are walked and DICOMDIRs read on the calling thread, which submits one task per file and then waits for
 * them; a zip archive is one task that reads its entries in turn. The result does not depend on how the executor
 * schedules the tasks. An executor that refuses a task gets it run on the calling thread instead.
 *
 * <p>Thread-safe: one indexer may run several indexes at once.
 */
public final class StudyIndexer {
    private final Executor executor;
    private final IndexOptions options;

    public StudyIndexer(Executor executor) {
        this(executor, IndexOptions.DEFAULT);
    }

    public StudyIndexer(Executor executor, IndexOptions options) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Indexes without progress reports or a way to stop. */
    public StudyIndex index(List<Path> inputs) throws IndexCancelledException {
        return index(inputs, IndexListener.NONE, new CancellationToken());
    }

    /**
     * @param inputs   files, folders, DICOMDIR files and zip archives, in any mix; the same file reached twice is
     *                 read once
     * @param listener hears progress from the executor's threads; keep it short, calls are serialised
     * @param token    checked between files
     * @throws IndexCancelledException when the token was cancelled or the calling thread interrupted
     */
    public StudyIndex index(List<Path> inputs, IndexListener listener, CancellationToken token)
            throws IndexCancelledException {
        Run run = new Run(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(token, "token"));
        for (Path input : inputs) {
            run.input(input);
        }
        run.awaitTasks();
        if (token.isCancelled()) {
            IndexListener.Progress p = run.progress.snapshot();
            throw new IndexCancelledException("indexing was cancelled after " + p.done() + " of " + p.seen()
                    + " files");
        }
        List<InstanceHeader> headers = new ArrayList<>(run.headers);
        headers.sort(Comparator.comparing(InstanceHeader::order));
        List<Run.Failed> failed = new ArrayList<>(run.failures);
        failed.sort(Comparator.comparing(Run.Failed::order));
        return new StudyIndex(StudyAssembler.assemble(headers, options),
                failed.stream().map(Run.Failed::failure).toList());
    }

    /** The state of one call to {@link #index}. */
    private final class Run implements ZipScanner.Sink {
        record Failed(InstanceHeader.OrderKey order, IndexFailure failure) {
        }

        final CancellationToken token;
        final ProgressCounter progress;
        final PendingTasks pending = new PendingTasks();
        final ConcurrentLinkedQueue<InstanceHeader> headers = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Failed> failures = new ConcurrentLinkedQueue<>();
        /** Touched by the calling thread only. */
        final Set<Path> submitted = new HashSet<>();
        int nextInput;

        Run(IndexListener listener, CancellationToken token) {
            this.token = token;
            this.progress = new ProgressCounter(listener);
        }

        void input(Path input) {
            if (token.isCancelled()) {
                return;
            }
            if (Files.isDirectory(input)) {
                walk(input);
            } else if (input.getFileName() != null && input.getFileName().toString().equalsIgnoreCase("DICOMDIR")
                    && Files.isRegularFile(input)) {
                dicomdir(input);
            } else {
                // Missing files are submitted too: the read reports them like any unreadable file.
                submit(input);
            }
        }

        private void walk(Path dir) {
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            } catch (IOException | RuntimeException e) {
                InstanceHeader.OrderKey order = new InstanceHeader.OrderKey(nextInput++, 0);
                progress.seen();
                fail(order, new Location.InFile(dir), ErrorKind.IO, "cannot list folder: " + e.getMessage(), -1);
                return;
            }
            for (Path child : children) {
                if (token.isCancelled()) {
                    return;
                }
                // Symbolic links to folders are not followed: they are how folder trees loop.
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    walk(child);
                } else if (Files.isRegularFile(child)) {
                    submit(child);
                }
            }
        }

        private void dicomdir(Path path) {
            DicomFile df;
            try {
                df = DicomFile.open(path);
            } catch (DicomException e) {
                submit(path); // reported by the ordinary read, like any unreadable file
                return;
            }
            if (!Dicomdir.isDicomdir(df)) {
                submit(path); // only named like one: an ordinary object
                return;
            }
            if (!submitted.add(path.toAbsolutePath().normalize())) {
                return;
            }
            InstanceHeader.OrderKey order = new InstanceHeader.OrderKey(nextInput++, 0);
            progress.seen();
            Dicomdir dir;
            try {
                dir = Dicomdir.of(df);
            } catch (DicomException e) {
                fail(order, new Location.InFile(path), e.withFile(path));
                return;
            }
            progress.indexed();
            int sub = 0;
            for (String problem : dir.problems()) {
                progress.seen();
                fail(new InstanceHeader.OrderKey(order.input(), ++sub), new Location.InFile(path), ErrorKind.IO,
                        "DICOMDIR: " + problem, -1);
            }
            for (Path file : dir.referencedFiles()) {
                if (token.isCancelled()) {
                    return;
                }
                submit(asGiven(path, file));
            }
        }

        /** Names a file the DICOMDIR references the way the DICOMDIR itself was named (relative stays relative). */
        private static Path asGiven(Path dicomdir, Path referenced) {
            Path base = dicomdir.toAbsolutePath().getParent();
            if (base == null || !referenced.startsWith(base)) {
                return referenced;
            }
            Path relative = base.relativize(referenced);
            return dicomdir.getParent() == null ? relative : dicomdir.getParent().resolve(relative);
        }

        private void submit(Path file) {
            if (!submitted.add(file.toAbsolutePath().normalize())) {
                return;
            }
            InstanceHeader.OrderKey order = new InstanceHeader.OrderKey(nextInput++, 0);
            progress.seen();
            pending.add();
            Runnable task = () -> {
                try {
                    if (!token.isCancelled()) {
                        readFile(file, order);
                    }
                } catch (Error e) {
                    // Not swallowed, but never lost either: the file is reported before the error goes on.
                    fail(order, new Location.InFile(file), ErrorKind.MALFORMED, e.getClass().getSimpleName()
                            + " while indexing: " + e.getMessage(), -1);
                    throw e;
                } finally {
                    pending.done();
                }
            };
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        }

        private void readFile(Path file, InstanceHeader.OrderKey order) {
            Location location = new Location.InFile(file);
            try {
                if (ZipScanner.hasZipName(file)) {
                    new ZipScanner(this, token, options).scan(file, order);
                    return;
                }
                DicomFile df;
                try {
                    df = DicomFile.open(file);
                } catch (DicomException e) {
                    if (e.kind() == ErrorKind.NOT_DICOM && ZipScanner.startsLikeZip(file)) {
                        new ZipScanner(this, token, options).scan(file, order);
                        return;
                    }
                    throw e;
                }
                accept(df, location, order, () -> sizeOf(file));
            } catch (DicomException e) {
                fail(order, location, e);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // A reader bug or a header that slipped past the bounds must cost this file only, not the index.
                fail(order, location, ErrorKind.MALFORMED, "unexpected " + e.getClass().getSimpleName()
                        + " while indexing: " + e.getMessage(), -1);
            }
        }

        private static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        }

        @Override
        public void archiveOpened() {
            progress.indexed();
        }

        @Override
        public void entryFound() {
            progress.seen();
        }

        @Override
        public void entryRead(DicomFile df, Location location, InstanceHeader.OrderKey order, long size) {
            try {
                accept(df, location, order, () -> size);
            } catch (DicomException e) {
                fail(order, location, e);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail(order, location, ErrorKind.MALFORMED, "unexpected " + e.getClass().getSimpleName()
                        + " while indexing: " + e.getMessage(), -1);
            }
        }

        @Override
        public void failed(InstanceHeader.OrderKey order, Location location, DicomException e) {
            fail(order, location, e);
        }

        private void accept(DicomFile df, Location location, InstanceHeader.OrderKey order, LongSupplier size)
                throws DicomException {
            if (Dicomdir.isDicomdir(df)) {
                // A DICOMDIR met inside a folder or archive: the walk reaches its files anyway.
                progress.indexed();
                return;
            }
            InstanceHeader h = HeaderReader.read(df, location, order, size);
            if (!h.hasPixels() && h.studyInstanceUid() == null) {
                throw new DicomException(ErrorKind.MALFORMED, "no Pixel Data and no Study Instance UID: nothing to"
                        + " display and no study to list it under", -1);
            }
            headers.add(h);
            progress.indexed();
        }

        private void fail(InstanceHeader.OrderKey order, Location location, DicomException e) {
            fail(order, location, e.kind(), e.detailMessage(), e.offset());
        }

        private void fail(InstanceHeader.OrderKey order, Location location, ErrorKind kind, String message,
                          long offset) {
            failures.add(new Failed(order, new IndexFailure(location, kind, message, offset)));
            progress.failed();
        }

        void awaitTasks() throws IndexCancelledException {
            try {
                pending.await();
            } catch (InterruptedException e) {
                token.cancel();
                Thread.currentThread().interrupt();
                throw new IndexCancelledException("indexing was interrupted");
            }
        }
    }
}
