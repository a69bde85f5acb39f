package org.reslens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.reslens.evaluation.BandMetrics;
import org.reslens.evaluation.EvaluationException;
import org.reslens.evaluation.EvaluationListener;
import org.reslens.evaluation.EvaluationOptions;
import org.reslens.evaluation.EvaluationReport;
import org.reslens.evaluation.Evaluator;
import org.reslens.evaluation.LabelList;
import org.reslens.evaluation.SliceFailure;
import org.reslens.evaluation.SliceResult;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reslens evaluate}: a model bundle on a labelled list of DICOM slices, through the viewer's own pipeline;
 * the metrics (ROC AUC, sensitivity at 90 % specificity, Grad-CAM pointing game and mass in mask, per band) as JSON.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a model on a labelled list of DICOM slices with ResLens's own pipeline (bundle"
                + " preprocessing, ONNX Runtime, exact Grad-CAM): ROC AUC, sensitivity at 90%% specificity, Grad-CAM"
                + " pointing game (0 and 8 mm) and heatmap mass in the lesion mask, overall, for the goal band"
                + " (lesions >= 10 mm at >= 15%% contrast) and per lesion-size and contrast band. JSON on stdout, a"
                + " summary line on stderr.",
                "The list is a CSV with a header: file,label[,mask,diameter_mm,contrast,frame,...]; label 1 marks"
                        + " the class the model explains, mask is an 8-bit grayscale PNG (non-zero = lesion); paths"
                        + " are relative to the list. A folder stands for its labels.csv."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every listed slice was evaluated", "1:metrics given, but some rows or slices failed"
                + " (listed under \"failures\")", "2:usage error", "3:the list or the model could not be used"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LIST_OR_FOLDER", description = "labels.csv, or a folder holding one.")
    Path list;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle folder; default " + ScreenCommand.DEFAULT_MODEL + " (in the working folder"
                    + " or the installation).")
    Path model;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the JSON to this file.")
    Path out;

    @Option(names = "--per-slice", description = "Add every slice's probability, score and localisation to the JSON.")
    boolean perSlice;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Slices per model call; default ${DEFAULT-VALUE} (measured fastest on the CPU).")
    int batch;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads reading and preprocessing slices while the model runs; default one per core.")
    Integer workers;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Folder for ONNX Runtime's optimised models; default ~/.cache/reslens/onnx.")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Optimise the model at start without reading or writing the cache.")
    boolean noCache;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = workers == null ? cores : workers;
        if (threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--workers must be within 1..256");
        }
        EvaluationOptions options;
        try {
            options = EvaluationOptions.defaults().withBatchSize(batch);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--batch must be within 1..1024");
        }
        Path bundlePath = model != null ? model : ScreenCommand.defaultModel();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tool", "reslens evaluate");
        r.put("list", list.toString());
        int code;
        EvaluationReport report = null;
        List<String> notes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            LabelList labelled = LabelList.read(list);
            ModelBundle bundle = ModelBundle.load(bundlePath);
            notes.addAll(bundle.warnings());
            RuntimeOptions runtime = RuntimeOptions.batch().withSpinning(false);
            runtime = noCache ? runtime.withoutCache() : cacheDir != null ? runtime.withCacheDirectory(cacheDir)
                    : runtime;
            try (ModelSession session = ModelSession.open(bundle, runtime)) {
                notes.addAll(session.notes());
                report = new Evaluator(session, options, pool).run(labelled, EvaluationListener.NONE);
            }
            put(r, report, options, notes, threads);
            code = report.failures().isEmpty() ? 0 : 1;
        } catch (EvaluationException e) {
            code = fail(r, e.reason().name(), e.getMessage(), e.userMessage());
        } catch (InferenceException e) {
            code = fail(r, e.reason().name(), e.getMessage(), e.userMessage());
        } finally {
            pool.shutdownNow();
        }
        String json = Json.write(r);
        stdout.println(json);
        stdout.flush();
        if (out != null) {
            try {
                Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("reslens evaluate: cannot write " + out + ": " + e.getMessage());
                code = 3;
            }
        }
        err.println(report == null ? "reslens evaluate: " + ((Map<?, ?>) r.get("error")).get("message")
                : summary(report, options));
        err.flush();
        return code;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "evaluate-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void put(Map<String, Object> r, EvaluationReport report, EvaluationOptions options, List<String> notes,
                     int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", report.modelName());
        m.put("sha256", report.modelSha256());
        m.put("explainedClass", report.explainedClass());
        m.put("className", report.explainedClassName());
        r.put("model", m);
        r.put("definitions", definitions(options));
        Map<String, Object> slices = new LinkedHashMap<>();
        slices.put("listed", report.listedRows());
        slices.put("evaluated", report.results().size());
        slices.put("lesion", report.lesionSlices());
        slices.put("normal", report.normalSlices());
        slices.put("failed", report.failures().size());
        r.put("slices", slices);
        r.put("all", metrics(report.all(), options));
        r.put("goal", metrics(report.goal(), options));
        Map<String, Object> bySize = new LinkedHashMap<>();
        report.bySize().forEach(b -> bySize.put(b.band().name(), metrics(b, options)));
        r.put("bySize", bySize);
        Map<String, Object> byContrast = new LinkedHashMap<>();
        report.byContrast().forEach(b -> byContrast.put(b.band().name(), metrics(b, options)));
        r.put("byContrast", byContrast);
        List<Object> failures = new ArrayList<>();
        for (SliceFailure f : report.failures()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("line", f.line());
            e.put("file", f.file());
            e.put("stage", f.stage().term());
            e.put("kind", f.kind());
            e.put("message", f.message());
            failures.add(e);
        }
        r.put("failures", failures);
        List<Object> noteList = new ArrayList<>();
        for (String n : notes) {
            noteList.add(Map.of("note", n));
        }
        report.notes().forEach((n, count) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("note", n);
            e.put("slices", count);
            noteList.add(e);
        });
        r.put("notes", noteList);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("seconds", report.seconds());
        timing.put("slicesPerSecond", report.slicesPerSecond());
        timing.put("workers", threads);
        timing.put("batch", options.batchSize());
        r.put("timing", timing);
        if (perSlice) {
            List<Object> rows = new ArrayList<>();
            for (SliceResult s : report.results()) {
                rows.add(slice(s));
            }
            r.put("perSlice", rows);
        }
    }

    private static Map<String, Object> definitions(EvaluationOptions o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("score", "probability of the explained class (bundle postprocessing); slices are ranked by its"
                + " log-odds from the raw logits (logit1 - logit0 for a two-class softmax), which orders them"
                + " identically without float32 saturation at 1.0");
        d.put("rocAuc", "Mann-Whitney U / (n+ n-), tied scores sharing their average rank");
        d.put(sensitivityKey(o), "fraction of lesion slices scoring strictly above the normals' score at sorted"
                + " index min(n-1, ceil(" + o.specificity() + " n) - 1) (models/training/train.py)");
        d.put("pointingGame", "fraction of the band's lesion slices (with mask and heatmap) whose Grad-CAM maximum"
                + " (first maximum on the model-input grid, its pixel centre mapped onto the slice) lies within the"
                + " tolerance plus half a pixel of the nearest lesion-mask pixel centre (models/training/evaluate.py)");
        d.put("heatmapMassInMask", "mean over the band's lesion slices of: heatmap resized bilinearly to the slice"
                + " grid, summed inside the mask / summed over the slice");
        d.put("bands", "a band's lesion slices (nominal diameter in [lo, hi) mm, contrast in [lo, hi)) against all"
                + " normal slices; goal: diameter >= 10 mm and contrast >= 0.15");
        d.put("pointingToleranceMm", o.tolerancesMm());
        d.put("specificity", o.specificity());
        return d;
    }

    private static String sensitivityKey(EvaluationOptions o) {
        return "sensitivityAt" + plain(o.specificity() * 100) + "Specificity";
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> metrics(BandMetrics b, EvaluationOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lesionSlices", b.lesionSlices());
        m.put("normalSlices", b.normalSlices());
        m.put("rocAuc", b.rocAuc());
        m.put(sensitivityKey(o), b.sensitivity());
        m.put("thresholdProbability", b.thresholdProbability());
        Map<String, Object> p = new LinkedHashMap<>();
        b.pointingGame().forEach((t, v) -> p.put(plain(t) + "mm", v));
        m.put("pointingGame", p);
        m.put("heatmapMassInMask", b.heatmapMassInMask());
        m.put("localisedSlices", b.localisedSlices());
        return m;
    }

    private static Map<String, Object> slice(SliceResult s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("line", s.slice().line());
        e.put("file", s.slice().listed());
        e.put("label", s.slice().lesion() ? 1 : 0);
        e.put("probability", s.probability());
        e.put("score", s.score());
        s.peak().ifPresent(p -> e.put("heatmapMaxTensor", new int[] {p.tensorRow(), p.tensorColumn()}));
        s.localisation().ifPresent(l -> {
            e.put("distanceMm", l.distanceMm());
            e.put("massInMask", l.massInMask());
        });
        return e;
    }

    private static int fail(Map<String, Object> r, String kind, String message, String userMessage) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("kind", kind);
        err.put("message", message);
        err.put("userMessage", userMessage);
        r.put("error", err);
        return 3;
    }

    static String summary(EvaluationReport r, EvaluationOptions o) {
        BandMetrics a = r.all();
        BandMetrics g = r.goal();
        List<Double> tol = o.tolerancesMm();
        return String.format(Locale.ROOT, "Evaluated %d of %d slices (%d lesion, %d normal; %d failed) in %.1f s"
                        + " (%.1f slices/s). All: AUC %.3f, sensitivity@%s%%spec %.3f, pointing %s. Goal band"
                        + " (>= 10 mm, >= 15%%): AUC %.3f, sensitivity %.3f, pointing %s.",
                r.results().size(), r.listedRows(), r.lesionSlices(), r.normalSlices(), r.failures().size(),
                r.seconds(), r.slicesPerSecond(), a.rocAuc(), plain(o.specificity() * 100), a.sensitivity(),
                pointing(a, tol), g.rocAuc(), g.sensitivity(), pointing(g, tol));
    }

    private static String pointing(BandMetrics b, List<Double> tolerances) {
        List<String> parts = new ArrayList<>();
        for (double t : tolerances) {
            parts.add(String.format(Locale.ROOT, "%.3f @%s mm", b.pointingGame().get(t), plain(t)));
        }
        return String.join(" / ", parts);
    }
}
