package org.reslens.screening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reslens.dicom.write.Algorithm;
import org.reslens.dicom.write.Deidentifier;
import org.reslens.dicom.write.PseudonymKey;
import org.reslens.explain.ExplainException;
import org.reslens.explain.GradCam;
import org.reslens.explain.OverlayStyle;
import org.reslens.imaging.TensorBuilder;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.IndexFailure;
import org.reslens.study.Patient;
import org.reslens.study.Series;
import org.reslens.study.Stack;
import org.reslens.study.Study;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;

/**
 * Batch screening, the use case behind {@code reslens screen}: index the inputs, run the model on every stack it
 * accepts, aggregate slice probabilities into series and study scores, and write the ranked results, key images and
 * (optionally) DICOM results into the output folder, and nowhere else.
 *
 * <p>The pipeline: this thread plans the studies and feeds slices to {@code workers} threads, which read, decode and
 * preprocess them (the same {@link TensorBuilder} as the viewer) while one inference thread runs the previous ones in
 * batches through the shared {@link ModelSession}, and one writer thread finishes studies. A semaphore of
 * {@link ScreeningOptions#queueSlices()} permits bounds the prepared slices in flight, and no study starts while the
 * writer is {@link ResultWriter#BACKLOG} studies behind, so memory stays bounded however many studies there are; the
 * index itself keeps a few hundred bytes per slice.
 *
 * <p>A problem with a file, stack or study never stops the run: it becomes a row of errors.csv.
 */
public final class Screening {
    private final ModelSessions sessions;
    private final Path configFolder;

    /**
     * @param sessions     the application's model sessions (shared with the viewer; not closed here)
     * @param configFolder where the de-identification key lives ({@link PseudonymKey#defaultFolder()})
     */
    public Screening(ModelSessions sessions, Path configFolder) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.configFolder = Objects.requireNonNull(configFolder, "configFolder");
    }

    public ScreeningSummary run(ScreeningOptions o, ScreeningListener listener, CancellationToken token)
            throws ScreeningException {
        long t0 = System.nanoTime();
        OutputFolder out = OutputFolder.prepare(o.out(), o.inputs(), o.resume());
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(o.model());
        } catch (InferenceException e) {
            throw new ScreeningException(ScreeningException.Reason.MODEL, e.getMessage(), e);
        }
        bundle.warnings().forEach(listener::note);
        Identity identity = Identity.plain();
        String fingerprint = null;
        if (o.deidentify()) {
            try {
                PseudonymKey key = PseudonymKey.loadOrCreate(configFolder);
                identity = Identity.deidentified(new Deidentifier(key));
                fingerprint = key.fingerprint();
            } catch (IOException e) {
                throw new ScreeningException(ScreeningException.Reason.IO, "cannot read or create the"
                        + " de-identification key in " + configFolder + ": " + e.getMessage(), e);
            }
        }
        var meta = bundle.metadata();
        var post = bundle.postprocessing();
        RunInfo run = new RunInfo(bundle.name(), Objects.toString(meta.version(), ""), bundle.sha256(), meta.task(),
                meta.intendedUse(), post.classNames(), post.positiveClass(), bundle.explainedClass(), o.threshold(),
                o.aggregation().describe(), o.deidentify(), fingerprint);
        Map<String, StudyResult> previous = o.resume() ? Resume.load(out, run) : Map.of();

        ModelSession session;
        try {
            session = sessions.session(bundle);
        } catch (InferenceException e) {
            throw new ScreeningException(ScreeningException.Reason.MODEL, e.getMessage(), e);
        }
        session.notes().forEach(listener::note);
        GradCam gradCam = null;
        String noGradCam = null;
        try {
            gradCam = GradCam.forBundle(bundle);
        } catch (ExplainException e) {
            noGradCam = e.getMessage();
            listener.note("no heatmaps: " + noGradCam);
        }

        ExecutorService pool = Executors.newFixedThreadPool(o.workers(), threads("screen-worker"));
        try {
            long tIndexStart = System.nanoTime();
            StudyIndex index;
            try {
                index = new StudyIndexer(pool).index(o.inputs(), listener::indexing, token);
            } catch (IndexCancelledException e) {
                throw new ScreeningException(ScreeningException.Reason.CANCELLED, e.getMessage(), e);
            }
            long tIndex = System.nanoTime();
            double indexSeconds = (tIndex - tIndexStart) / 1e9;
            List<Failure> indexFailures = new ArrayList<>();
            for (IndexFailure f : index.failures()) {
                indexFailures.add(new Failure(identity.location(f.location()), null, "index", f.kind().name(),
                        identity.scrub(f.message())));
            }

            Map<String, StudyResult> kept = new LinkedHashMap<>();
            List<StudyJob> jobs = new ArrayList<>();
            long slices = 0;
            for (Patient p : index.patients()) {
                for (Study s : p.studies()) {
                    identity.remember(p, s);
                    String key = s.studyInstanceUid() == null ? "" : identity.uid(s.studyInstanceUid());
                    StudyResult before = previous.get(key);
                    if (before != null) {
                        kept.put(key, before);
                        continue;
                    }
                    StudyJob job = new StudyJob(p, s, jobs.size());
                    int order = 0;
                    for (Series se : s.series()) {
                        int number = 0;
                        for (Stack st : se.stacks()) {
                            job.stacks.add(new StackJob(job, se, st, ++number, order++, o.keptSlices()));
                            slices += st.frames();
                        }
                    }
                    job.planned();
                    jobs.add(job);
                }
            }
            listener.planned(jobs.size(), kept.size(), slices);

            ProgressTracker progress = new ProgressTracker(listener, slices, jobs.size());
            OverlayStyle style = OverlayStyle.defaults().withProbabilityThreshold(o.threshold());
            KeyImages keyImages = new KeyImages(out, style, java.util.Optional.ofNullable(gradCam), noGradCam,
                    bundle.explainedClass());
            Algorithm algorithm = Algorithm.of(bundle.name(), run.modelVersion().isEmpty() ? "unversioned"
                    : run.modelVersion(), "ResLens", bundle.sha256(), run.status());
            DicomResults dicom = new DicomResults(out, algorithm, identity, o.threshold(), o.aggregation(),
                    run.positiveClassName());
            Path journalFile = out.resolve(OutputFolder.JOURNAL);
            long busy;
            long scoredSlices;
            List<StudyResult> all;
            List<String> files;
            int failures;
            try (Journal journal = Journal.open(journalFile, run)) {
                ResultWriter writer = new ResultWriter(o, out, run, identity, keyImages, dicom, journal, progress,
                        listener, kept.values(), indexFailures);
                Pipeline pipeline = new Pipeline(o, session, post.positiveClass(), new SlicePreparer(
                        new TensorBuilder(bundle.preprocessing()), bundle.accepts(), identity), identity, pool,
                        writer, progress, token);
                busy = pipeline.run(jobs);
                writer.writeReports(!token.isCancelled());
                progress.finalReport();
                scoredSlices = pipeline.slicesScored();
                all = writer.results();
                files = writer.files();
                failures = writer.failures().size();
            }
            if (token.isCancelled()) {
                throw new ScreeningException(ScreeningException.Reason.CANCELLED, "cancelled; the studies"
                        + " finished so far are written and --resume continues from them");
            }
            if (o.formats().contains(ReportFormat.JSON)) {
                // Complete: results.json now holds everything the journal did. Without it the journal stays, so
                // that a later --resume still knows what was done.
                Files.deleteIfExists(journalFile);
            }
            int flagged = (int) all.stream().filter(StudyResult::flagged).count();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new ScreeningSummary(out.root(), all.size(), kept.size(), flagged, scoredSlices, failures,
                    seconds, indexSeconds, (System.nanoTime() - tIndex) / 1e9, busy / 1e9, files);
        } catch (IOException e) {
            throw new ScreeningException(ScreeningException.Reason.IO, "writing the results failed: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            token.cancel();
            throw new ScreeningException(ScreeningException.Reason.CANCELLED, "interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The feeder, the inference thread and the writer thread of one run. */
    private static final class Pipeline implements InferenceLoop.StackSink {
        private final ScreeningOptions o;
        private final ModelSession session;
        private final int positiveClass;
        private final SlicePreparer preparer;
        private final Identity identity;
        private final ExecutorService pool;
        private final ResultWriter writer;
        private final ProgressTracker progress;
        private final CancellationToken token;
        private final LinkedBlockingQueue<Prepared> queue = new LinkedBlockingQueue<>();
        private final Semaphore permits;
        private InferenceLoop loop;

        Pipeline(ScreeningOptions o, ModelSession session, int positiveClass, SlicePreparer preparer,
                 Identity identity, ExecutorService pool, ResultWriter writer, ProgressTracker progress,
                 CancellationToken token) {
            this.o = o;
            this.session = session;
            this.positiveClass = positiveClass;
            this.preparer = preparer;
            this.identity = identity;
            this.pool = pool;
            this.writer = writer;
            this.progress = progress;
            this.token = token;
            this.permits = new Semaphore(o.queueSlices());
        }

        /** Runs every job through; returns the nanoseconds the model was busy. */
        long run(List<StudyJob> jobs) throws InterruptedException, IOException {
            loop = new InferenceLoop(queue, permits, session, o.batchSize(), positiveClass, this,
                    this::stopping, identity);
            Thread inference = new Thread(loop, "screen-inference");
            inference.setDaemon(true);
            Thread writing = new Thread(writer, "screen-writer");
            writing.setDaemon(true);
            inference.start();
            writing.start();
            try {
                feed(jobs);
            } finally {
                pool.shutdown();
                if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                    token.cancel();
                }
                queue.put(Prepared.END);
                inference.join();
                writer.finish();
                writing.join();
            }
            Throwable failed = writer.fatal() != null ? writer.fatal() : loop.fatal();
            if (failed instanceof IOException io) {
                throw io;
            }
            if (failed != null) {
                throw new IOException(failed.getClass().getSimpleName() + ": " + failed.getMessage(), failed);
            }
            return loop.busyNanos();
        }

        long slicesScored() {
            return loop == null ? 0 : loop.slices();
        }

        private boolean stopping() {
            return token.isCancelled() || writer.fatal() != null || (loop != null && loop.fatal() != null);
        }

        private void feed(List<StudyJob> jobs) throws InterruptedException {
            for (StudyJob job : jobs) {
                // The writer being behind holds the feeder back, never the model.
                if (stopping() || !writer.awaitRoom(this::stopping)) {
                    return;
                }
                job.started(System.nanoTime());
                if (job.stacks.isEmpty()) {
                    writer.submit(job);
                    continue;
                }
                for (StackJob stack : job.stacks) {
                    String skip = preparer.skipReason(stack);
                    if (skip != null) {
                        stack.skip(skip);
                        progress.skipped(stack.slices());
                        if (job.stackFinished()) {
                            writer.submit(job);
                        }
                        continue;
                    }
                    for (int i = 0; i < stack.slices(); i++) {
                        // Waits for room in the pipeline, but never for a consumer that has died.
                        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            if (stopping()) {
                                return;
                            }
                        }
                        if (stopping()) {
                            permits.release();
                            return;
                        }
                        int index = i;
                        pool.execute(() -> queue.add(prepareSafely(stack, index)));
                    }
                }
            }
        }

        /** Every submitted slice puts exactly one item on the queue, whatever happens, or its stack never ends. */
        private Prepared prepareSafely(StackJob stack, int index) {
            try {
                return preparer.prepare(stack, index);
            } catch (Throwable t) {
                return preparer.failure(stack, index, "prepare", "MALFORMED", "unexpected "
                        + t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        }

        @Override
        public void sliceDone() {
            progress.sliceDone();
        }

        @Override
        public void stackDone(StackJob job) throws InterruptedException {
            if (job.study.stackFinished()) {
                writer.submit(job.study);
            }
        }
    }
}
