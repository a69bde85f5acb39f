package org.reslens.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.reslens.dicom.write.PseudonymKey;
import org.reslens.inference.ModelSessions;
import org.reslens.inference.RuntimeOptions;
import org.reslens.screening.ReportFormat;
import org.reslens.screening.Screening;
import org.reslens.screening.ScreeningException;
import org.reslens.screening.ScreeningListener;
import org.reslens.screening.ScreeningOptions;
import org.reslens.screening.ScreeningProgress;
import org.reslens.screening.ScreeningSummary;
import org.reslens.screening.StudyResult;
import org.reslens.study.CancellationToken;
import org.reslens.study.IndexListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslens screen}: screens whole folders of studies with a model and writes ranked reports. */
@Command(name = "screen", mixinStandardHelpOptions = true,
        description = {"Screen folders of DICOM studies with an AI model: score every accepted stack, rank the studies,"
                + " and write results.csv, results.json, errors.csv, report.html and key images into --out (and"
                + " nowhere else).",
                "Demonstration software: results are not for clinical use."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, no study flagged", "1:done, at least one study flagged",
                "2:usage error (including an unusable --out)", "3:the run failed (model, disk, interruption)"})
final class ScreenCommand implements Callable<Integer> {
    static final String DEFAULT_MODEL = "models/brain-lesion-demo";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Files, folders (searched recursively), DICOMDIRs and zip archives.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: new or empty (or holding an earlier run with --resume); never inside"
                    + " an input.")
    Path out;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle folder; default " + DEFAULT_MODEL + " (in the working folder or the"
                    + " installation).")
    Path model;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.5",
            description = "Flag a study when its score is at least P (0..1); default ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--format", paramLabel = "csv,json,html", split = ",", defaultValue = "csv,json,html",
            description = "Reports to write; default all three (errors.csv is always written).")
    List<String> formats;

    @Option(names = "--deidentify",
            description = "No names, IDs, birth dates or source UIDs in any output (PS3.15 Annex E basic profile,"
                    + " stable pseudonyms keyed by a per-site secret in the user's configuration folder).")
    boolean deidentify;

    @Option(names = "--resume",
            description = "Skip studies already in --out's results with the same model hash (after an interruption).")
    boolean resume;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads reading and preparing slices while the model runs; default half the cores.")
    Integer workers;

    @Option(names = "--model-threads", paramLabel = "N",
            description = "Threads the model runs on; default one per core. Fewer leave cores free for other work"
                    + " (and the reading and decoding then costs the model nothing).")
    Integer modelThreads;

    @Option(names = "--dicom-results",
            description = "Per flagged study, a DICOM Secondary Capture of the key image with the heatmap and a"
                    + " Structured Report (TID 1500) with the score, referencing the source study.")
    boolean dicomResults;

    /** Tests set these; null means: decide from the environment. */
    Boolean terminal;
    Path configFolder;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScreeningOptions options = options();
        boolean tty = terminal != null ? terminal : System.console() != null;
        Progress progress = new Progress(err, tty);
        RuntimeOptions runtime = RuntimeOptions.batch();
        if (modelThreads != null) {
            runtime = runtime.withIntraOpThreads(modelThreads);
        }
        try (ModelSessions sessions = new ModelSessions(runtime)) {
            Screening screening = new Screening(sessions, configFolder != null ? configFolder
                    : PseudonymKey.defaultFolder());
            ScreeningSummary s = screening.run(options, progress, new CancellationToken());
            progress.end();
            out.printf(Locale.ROOT, "Screened %d stud%s (%d from an earlier run): %d flagged at threshold %s.%n",
                    s.studies(), s.studies() == 1 ? "y" : "ies", s.resumed(), s.flagged(), threshold);
            out.printf(Locale.ROOT, "%d slices scored in %.1f s (%.1f slices/s after %.1f s of indexing; %d model"
                    + " thread(s), %d worker(s)); %d problem(s) listed in errors.csv.%n", s.slicesScored(), s.seconds(),
                    s.slicesPerSecond(), s.indexSeconds(), runtime.intraOpThreads(), options.workers(), s.failures());
            out.println("Results in " + s.out());
            out.println("Demonstration only: not for clinical use.");
            out.flush();
            return s.anyFlagged() ? 1 : 0;
        } catch (ScreeningException e) {
            progress.end();
            err.println("reslens screen: " + e.getMessage());
            err.println(e.userMessage());
            err.flush();
            return e.isUsageError() ? 2 : 3;
        }
    }

    private ScreeningOptions options() {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be within 0..1, got " + threshold);
        }
        Set<ReportFormat> f = EnumSet.noneOf(ReportFormat.class);
        for (String term : formats) {
            if (term.isBlank()) {
                continue;
            }
            ReportFormat r = ReportFormat.ofTerm(term);
            if (r == null) {
                throw new ParameterException(spec.commandLine(), "--format takes csv, json and html, not '" + term
                        + "'");
            }
            f.add(r);
        }
        if (workers != null && (workers < 1 || workers > 256)) {
            throw new ParameterException(spec.commandLine(), "--workers must be within 1..256");
        }
        if (modelThreads != null && (modelThreads < 1 || modelThreads > 256)) {
            throw new ParameterException(spec.commandLine(), "--model-threads must be within 1..256");
        }
        Path bundle = model != null ? model : defaultModel();
        ScreeningOptions o = ScreeningOptions.defaults(inputs, out, bundle).withThreshold(threshold).withFormats(f)
                .withDeidentify(deidentify).withResume(resume).withDicomResults(dicomResults);
        return workers == null ? o : o.withWorkers(workers);
    }

    /** The demonstration model: in the working folder, else next to the installed application. */
    static Path defaultModel() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(DEFAULT_MODEL));
        String home = System.getProperty("reslens.home");
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home).resolve(DEFAULT_MODEL));
        }
        try {
            Path code = Path.of(ScreenCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve(DEFAULT_MODEL));
                if (candidates.size() > 6) {
                    break;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (an unusual class loader): the working folder is the only guess.
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("metadata.json"))) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /** Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise. */
    static final class Progress implements ScreeningListener {
        private static final long LOG_EVERY_NANOS = 10_000_000_000L;
        private final PrintWriter err;
        private final boolean tty;
        private long lastLog = System.nanoTime();
        private boolean barShown;

        Progress(PrintWriter err, boolean tty) {
            this.err = err;
            this.tty = tty;
        }

        @Override
        public synchronized void indexing(IndexListener.Progress p) {
            if (tty && p.seen() % 50 == 0) {
                err.printf(Locale.ROOT, "\rIndexing: %d files read, %d failed", p.done(), p.failed());
                err.flush();
                barShown = true;
            }
        }

        @Override
        public synchronized void planned(int studies, int resumed, long slices) {
            clearBar();
            err.printf(Locale.ROOT, "Screening %d stud%s (%d done in an earlier run), %d slices%n", studies,
                    studies == 1 ? "y" : "ies", resumed, slices);
            err.flush();
        }

        @Override
        public synchronized void progress(ScreeningProgress p) {
            if (tty) {
                int width = 30;
                int filled = (int) Math.round(p.fraction() * width);
                err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %d/%d slices  %.1f slices/s  ETA %s  studies %d/%d"
                                + "  flagged %d ", "#".repeat(filled), "-".repeat(width - filled), p.fraction() * 100,
                        p.slicesDone(), p.slicesTotal(), p.rate(), eta(p.etaSeconds()), p.studiesDone(),
                        p.studiesTotal(), p.flagged());
                err.flush();
                barShown = true;
            } else if (System.nanoTime() - lastLog >= LOG_EVERY_NANOS) {
                lastLog = System.nanoTime();
                err.printf(Locale.ROOT, "progress: %d/%d slices (%.0f%%), %.1f slices/s, ETA %s, studies %d/%d,"
                                + " flagged %d%n", p.slicesDone(), p.slicesTotal(), p.fraction() * 100, p.rate(),
                        eta(p.etaSeconds()), p.studiesDone(), p.studiesTotal(), p.flagged());
                err.flush();
            }
        }

        @Override
        public synchronized void studyDone(StudyResult r, ScreeningProgress p) {
            if (tty) {
                if (r.flagged()) {
                    clearBar();
                    err.println(line(r, p));
                }
                progress(p);
            } else {
                err.println(line(r, p));
                err.flush();
            }
        }

        @Override
        public synchronized void note(String message) {
            clearBar();
            err.println("note: " + message);
            err.flush();
        }

        synchronized void end() {
            clearBar();
            err.flush();
        }

        private void clearBar() {
            if (barShown) {
                err.print("\r\033[K");
                barShown = false;
            }
        }

        private static String line(StudyResult r, ScreeningProgress p) {
            String score = r.score() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.score());
            return String.format(Locale.ROOT, "study %d/%d  %s  %s  score %s%s  (%.2f s)", p.studiesDone(),
                    p.studiesTotal(), r.patientId() == null ? "?" : r.patientId(), r.status(), score,
                    r.flagged() ? "  FLAGGED" : "", r.timings().wall());
        }

        static String eta(double seconds) {
            if (seconds < 0) {
                return "--";
            }
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
