package org.reslens.screening;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.Tags;
import org.reslens.dicom.write.AtomicFiles;
import org.reslens.explain.ExplainException;
import org.reslens.study.NonImageObject;
import org.reslens.study.Series;

/**
 * The last stage, on its own thread: turns a finished study into its results (series and study scores by the
 * aggregation rule, top slices), renders its key image, writes its DICOM results when flagged, appends it to the
 * journal, and every few seconds has the reports rewritten from memory. Holds only finished results (a few hundred
 * bytes per study). Handing a study over never waits, so the model never stands idle for the writer; instead the
 * feeder starts no new study while the writer is {@link #BACKLOG} studies behind ({@link #awaitRoom}), so a slow disk
 * slows the run down instead of filling memory.
 *
 * <p>The periodic rewrites run on a thread of their own: they are forced to disk (an fsync per file, hundreds of
 * milliseconds on a busy disk), and while the writer waited for them the queue filled and the model stood idle.
 */
final class ResultWriter implements Runnable {
    /**
     * Reports are rewritten at most this often while the run goes on, and never more than 5 % of the time: a rewrite
     * costs time linear in the studies done, and the journal already keeps every finished study safe.
     */
    static final long REPORT_INTERVAL_NANOS = 5_000_000_000L;
    /** Finished studies the writer may be behind by before the feeder holds back. */
    static final int BACKLOG = 2;
    private static final StudyJob END = new StudyJob(null, null, -1);

    private final BlockingQueue<StudyJob> queue = new LinkedBlockingQueue<>();
    /** Notified whenever the writer takes a study off the queue. */
    private final Object room = new Object();
    private final ScreeningOptions options;
    private final OutputFolder out;
    private final RunInfo run;
    private final Identity identity;
    private final KeyImages keyImages;
    private final DicomResults dicom;
    private final Journal journal;
    private final ProgressTracker progress;
    private final ScreeningListener listener;
    private final Map<String, StudyResult> results = new LinkedHashMap<>();
    private final List<Failure> indexFailures;
    private final Set<String> written = new LinkedHashSet<>();
    /** Serialises report writing, so a periodic rewrite can never land after (and over) the final one. */
    private final Object reportFiles = new Object();
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(Screening.threads("screen-reports"));
    private volatile boolean reportPending;
    private boolean finalReportsWritten;
    private volatile long lastReports = System.nanoTime();
    private volatile long reportCost;
    private volatile Throwable fatal;

    ResultWriter(ScreeningOptions options, OutputFolder out, RunInfo run, Identity identity, KeyImages keyImages,
                 DicomResults dicom, Journal journal, ProgressTracker progress, ScreeningListener listener,
                 Collection<StudyResult> kept, List<Failure> indexFailures) {
        this.options = options;
        this.out = out;
        this.run = run;
        this.identity = identity;
        this.keyImages = keyImages;
        this.dicom = dicom;
        this.journal = journal;
        this.progress = progress;
        this.listener = listener;
        this.indexFailures = List.copyOf(indexFailures);
        for (StudyResult r : kept) {
            results.put(r.key(), r);
        }
    }

    /**
     * Hands a finished study over without waiting: the inference thread calls this, and the model must not stand idle
     * while the writer waits for the disk. False when the writer has failed.
     */
    boolean submit(StudyJob job) {
        if (fatal != null) {
            return false;
        }
        queue.add(job);
        return true;
    }

    /**
     * Waits while the writer is {@link #BACKLOG} or more studies behind; false when the writer failed or
     * {@code stopping} says so. Only studies whose slices are already in the pipeline can join the queue meanwhile.
     */
    boolean awaitRoom(java.util.function.BooleanSupplier stopping) throws InterruptedException {
        synchronized (room) {
            while (queue.size() >= BACKLOG) {
                if (fatal != null || stopping.getAsBoolean()) {
                    return false;
                }
                room.wait(100);
            }
        }
        return fatal == null;
    }

    /** No more studies will come. */
    void finish() {
        queue.add(END);
    }

    Throwable fatal() {
        return fatal;
    }

    @Override
    public void run() {
        try {
            while (fatal == null) {
                StudyJob job = queue.take();
                synchronized (room) {
                    room.notifyAll();
                }
                if (job == END) {
                    return;
                }
                StudyResult r;
                try {
                    r = assemble(job);
                } catch (RuntimeException e) {
                    // A bug met by one study costs that study, not the run.
                    r = broken(job, e);
                }
                job.stacks.forEach(StackJob::forgetSlices);
                journal.append(r);
                synchronized (this) {
                    results.put(r.key(), r);
                }
                listener.studyDone(r, progress.studyDone(r.flagged()));
                if (!reportPending && System.nanoTime() - lastReports >= Math.max(REPORT_INTERVAL_NANOS,
                        20 * reportCost)) {
                    reportPending = true;
                    reporter.execute(this::periodicReports);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            fatal = e;
        } finally {
            reporter.shutdown();
            try {
                reporter.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                // The final write (which a late periodic one cannot overwrite) follows in any case.
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A rewrite while the run goes on (on the report thread); none after the final one. */
    void periodicReports() {
        try {
            long t = System.nanoTime();
            write(false, false);
            reportCost = System.nanoTime() - t;
        } catch (IOException | RuntimeException | Error e) {
            fatal = e;
        } finally {
            reportPending = false;
        }
    }

    /** Rewrites every report from the results in memory (atomically, file by file), for the last time in the run. */
    void writeReports(boolean complete) throws IOException {
        write(complete, true);
    }

    private void write(boolean complete, boolean last) throws IOException {
        synchronized (reportFiles) {
            if (finalReportsWritten) {
                return;
            }
            finalReportsWritten = last;
            writeFiles(complete);
            lastReports = System.nanoTime();
        }
    }

    private void writeFiles(boolean complete) throws IOException {
        List<StudyResult> ranked;
        List<Failure> failures;
        synchronized (this) {
            ranked = CsvReports.rank(new ArrayList<>(results.values()));
            failures = failures();
        }
        Set<String> files = new LinkedHashSet<>();
        if (options.formats().contains(ReportFormat.JSON)) {
            AtomicFiles.write(out.resolve(OutputFolder.RESULTS_JSON), o -> ResultsJson.write(o, run, ranked, complete),
                    true);
            files.add(OutputFolder.RESULTS_JSON);
        }
        if (options.formats().contains(ReportFormat.CSV)) {
            AtomicFiles.write(out.resolve(OutputFolder.RESULTS_CSV), o -> CsvReports.writeResults(o, ranked), true);
            files.add(OutputFolder.RESULTS_CSV);
        }
        AtomicFiles.write(out.resolve(OutputFolder.ERRORS_CSV), o -> CsvReports.writeErrors(o, failures), true);
        files.add(OutputFolder.ERRORS_CSV);
        if (options.formats().contains(ReportFormat.HTML)) {
            AtomicFiles.write(out.resolve(OutputFolder.REPORT_HTML), o -> HtmlReport.write(o, run, ranked, failures,
                    complete), true);
            files.add(OutputFolder.REPORT_HTML);
        }
        synchronized (this) {
            written.addAll(files);
        }
    }

    synchronized List<Failure> failures() {
        List<Failure> all = new ArrayList<>(indexFailures);
        results.values().forEach(r -> all.addAll(r.failures()));
        return all;
    }

    synchronized List<StudyResult> results() {
        return List.copyOf(results.values());
    }

    /** Report files and per-study files written, relative to the output folder. */
    synchronized List<String> files() {
        Set<String> files = new LinkedHashSet<>(written);
        for (StudyResult r : results.values()) {
            if (r.keyImage() != null) {
                KeyImage k = r.keyImage();
                files.addAll(List.of(k.plain(), k.overlay(), k.plainThumbnail(), k.overlayThumbnail()));
            }
            files.addAll(r.dicomResults());
        }
        return new ArrayList<>(files);
    }

    private StudyResult assemble(StudyJob job) {
        List<SeriesResult> series = new ArrayList<>();
        List<List<TopSlices.Scored>> studyBest = new ArrayList<>();
        boolean anyRun = false;
        Set<String> reasons = new LinkedHashSet<>();
        Set<String> modalities = new LinkedHashSet<>();
        long prepare = 0;
        long inference = 0;
        for (Series se : job.study.series()) {
            List<StackJob> stacks = job.stacks.stream().filter(s -> s.series == se).toList();
            if (se.modality() != null) {
                modalities.add(se.modality());
            }
            int slices = 0;
            int scored = 0;
            int failed = 0;
            String bodyPart = null;
            List<List<TopSlices.Scored>> best = new ArrayList<>();
            Set<String> notes = new LinkedHashSet<>();
            for (StackJob st : stacks) {
                slices += st.slices();
                scored += st.scoredCount();
                failed += st.failedCount();
                prepare += st.prepareNanos();
                inference += st.inferenceNanos();
                if (st.skipReason() != null) {
                    notes.add((stacks.size() > 1 ? "stack " + st.number + " (" + st.stack.label() + ") skipped: "
                            : "") + st.skipReason());
                } else {
                    anyRun = true;
                    bodyPart = bodyPart == null ? st.bodyPart() : bodyPart;
                    notes.addAll(st.notes());
                    best.add(st.best());
                }
            }
            List<TopSlices.Scored> top = TopSlices.merge(best, options.keptSlices());
            ResultStatus status = scored > 0 ? ResultStatus.SCORED
                    : stacks.stream().allMatch(s -> s.skipReason() != null) ? ResultStatus.SKIPPED
                    : ResultStatus.FAILED;
            if (status == ResultStatus.FAILED) {
                notes.add("no slice could be read or prepared (see errors.csv)");
            }
            Double score = top.isEmpty() ? null : options.aggregation().apply(probabilities(top));
            if (status == ResultStatus.SCORED) {
                studyBest.add(top);
            }
            String reason = notes.isEmpty() ? null : identity.scrub(String.join("; ", notes));
            if (status != ResultStatus.SCORED && reason != null) {
                reasons.add(reason);
            }
            series.add(new SeriesResult(identity.uid(se.seriesInstanceUid()), se.seriesNumber(), se.modality(),
                    bodyPart, identity.description(Tags.SeriesDescription, se.seriesDescription()), status, reason,
                    score, score != null && score >= options.threshold(), topSlices(top), slices, scored, failed));
        }
        Map<String, List<NonImageObject>> others = new LinkedHashMap<>();
        for (NonImageObject o : job.study.nonImageObjects()) {
            others.computeIfAbsent(String.valueOf(o.seriesInstanceUid()), k -> new ArrayList<>()).add(o);
        }
        for (List<NonImageObject> objects : others.values()) {
            NonImageObject o = objects.get(0);
            if (o.modality() != null) {
                modalities.add(o.modality());
            }
            series.add(new SeriesResult(identity.uid(o.seriesInstanceUid()), null, o.modality(), null,
                    identity.description(Tags.SeriesDescription, o.seriesDescription()), ResultStatus.SKIPPED,
                    "no pixel data: " + objects.size() + " " + o.kind().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' ') + " object(s)", null, false, List.of(), 0, 0, 0));
        }

        List<TopSlices.Scored> top = TopSlices.merge(studyBest, options.keptSlices());
        Double score = top.isEmpty() ? null : options.aggregation().apply(probabilities(top));
        boolean flagged = score != null && score >= options.threshold();
        ResultStatus status = score != null ? ResultStatus.SCORED : anyRun ? ResultStatus.FAILED
                : ResultStatus.SKIPPED;
        String studyReason = status == ResultStatus.SCORED ? null
                : reasons.isEmpty() ? "no images" : String.join("; ", reasons);

        String key = job.study.studyInstanceUid() == null ? "" : identity.uid(job.study.studyInstanceUid());
        String stem = Identity.fileStem(key);
        KeyImage keyImage = null;
        KeyImages.Rendered rendered = null;
        List<String> dicomFiles = List.of();
        if (!top.isEmpty()) {
            try {
                rendered = keyImages.render(top.get(0), stem, identity.deidentifying());
                keyImage = rendered.files();
            } catch (DicomException e) {
                job.fail(failure(job, top.get(0), "key-image", e.kind().name(), e.detailMessage()));
            } catch (ExplainException e) {
                job.fail(failure(job, top.get(0), "key-image", e.reason().name(), e.getMessage()));
            } catch (KeyImages.NotExportable e) {
                job.fail(failure(job, top.get(0), "key-image", "BURNED_IN_ANNOTATION", e.getMessage()));
            } catch (IOException | RuntimeException e) {
                job.fail(failure(job, top.get(0), "key-image", "IO", e.getClass().getSimpleName() + ": "
                        + e.getMessage()));
            }
            if (flagged && options.dicomResults()) {
                try {
                    dicomFiles = dicom.write(job, score, top.subList(0, Math.min(top.size(), options.topSlices())),
                            rendered, stem);
                } catch (IOException | RuntimeException e) {
                    job.fail(failure(job, top.get(0), "dicom", "IO", e.getClass().getSimpleName() + ": "
                            + e.getMessage()));
                }
            }
        }
        double wall = (System.nanoTime() - job.startNanos()) / 1e9;
        return new StudyResult(key, identity.patientId(job.patient), identity.patientName(job.patient),
                identity.accession(job.study.accessionNumber()), identity.studyDate(job.study.studyDate()),
                identity.description(Tags.StudyDescription, job.study.studyDescription()), new ArrayList<>(modalities),
                status, studyReason == null ? null : identity.scrub(studyReason), score, flagged,
                topSlices(top.subList(0, Math.min(top.size(), options.topSlices()))), series, keyImage, dicomFiles,
                job.failures(), new StudyResult.Timings(wall, prepare / 1e9, inference / 1e9), run.modelSha256());
    }

    private StudyResult broken(StudyJob job, RuntimeException e) {
        String key = job.study.studyInstanceUid() == null ? "" : identity.uid(job.study.studyInstanceUid());
        List<Failure> failures = new ArrayList<>(job.failures());
        String reason = identity.scrub("unexpected " + e.getClass().getSimpleName() + " while writing the results: "
                + e.getMessage());
        failures.add(new Failure(key.isEmpty() ? "(study without UID)" : key, key, "results", "INTERNAL", reason));
        return new StudyResult(key, identity.patientId(job.patient), identity.patientName(job.patient), null, null,
                null, List.of(), ResultStatus.FAILED, reason, null, false, List.of(), List.of(), null, List.of(),
                failures, new StudyResult.Timings((System.nanoTime() - job.startNanos()) / 1e9, 0, 0),
                run.modelSha256());
    }

    private Failure failure(StudyJob job, TopSlices.Scored s, String stage, String kind, String message) {
        return new Failure(identity.location(s.slice().location()), identity.uid(job.study.studyInstanceUid()), stage,
                kind, identity.scrub(String.valueOf(message)));
    }

    private List<TopSlice> topSlices(List<TopSlices.Scored> top) {
        List<TopSlice> out = new ArrayList<>(top.size());
        for (TopSlices.Scored s : top.subList(0, Math.min(top.size(), options.topSlices()))) {
            out.add(new TopSlice(identity.uid(s.stack().series.seriesInstanceUid()), s.index() + 1,
                    s.slice().instanceNumber(), s.stack().stack.multiFrame() ? s.slice().frameNumber() : 0,
                    identity.uid(s.slice().sopInstanceUid()), s.sopClassUid(), s.probability()));
        }
        return out;
    }

    private static double[] probabilities(List<TopSlices.Scored> top) {
        double[] p = new double[top.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = top.get(i).probability();
        }
        return p;
    }
}
