package org.reslens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;
import org.reslens.explain.ColourMap;
import org.reslens.explain.ExplainException;
import org.reslens.explain.Explainer;
import org.reslens.explain.Explanation;
import org.reslens.explain.Heatmap;
import org.reslens.explain.Normalisation;
import org.reslens.explain.NpyWriter;
import org.reslens.explain.Overlay;
import org.reslens.explain.OverlayStyle;
import org.reslens.explain.PngWriter;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.imaging.ImageTransforms;
import org.reslens.imaging.ImagingException;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.RenderPlan;
import org.reslens.imaging.TensorBuilder;
import org.reslens.imaging.ViewOverrides;
import org.reslens.inference.CamHead;
import org.reslens.inference.Device;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reslens explain}: one slice through a model bundle, with its probabilities and exact Grad-CAM. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Run a model bundle on one DICOM slice and explain it with exact Grad-CAM (one forward pass).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the slice was classified (and explained, if the model allows exact Grad-CAM)",
                "1:the file or the model could not be used, or the model does not accept this image",
                "2:usage error"})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR_OR_ONNX",
            description = "Model bundle folder (with metadata.json), or an ONNX file with metadata.json beside it.")
    Path model;

    @Option(names = "--class", paramLabel = "N",
            description = "Class to explain (0-based); default: the bundle's explained class.")
    Integer explainedClass;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--frame", paramLabel = "N", defaultValue = "0", description = "Frame index (0-based); default 0.")
    int frame;

    @Option(names = "--out-heatmap", paramLabel = "H.npy",
            description = "Write the normalised heatmap on the model-input grid as float32 NPY [h, w].")
    Path heatmapFile;

    @Option(names = "--dump-input", paramLabel = "X.npy",
            description = "Write the exact input tensor as float32 NPY [1, c, h, w].")
    Path inputFile;

    @Option(names = "--overlay", paramLabel = "O.png",
            description = "Write the slice (file's default window) with the heatmap blended in, as PNG.")
    Path overlayFile;

    @Option(names = "--device", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "Where to run; cuda falls back to cpu with a note when no GPU runtime is present.")
    String device;

    @Option(names = "--colour-map", paramLabel = "inferno|viridis|jet", defaultValue = "inferno",
            description = "Colour map of the overlay; default inferno.")
    String colourMap;

    @Option(names = "--opacity", paramLabel = "0..1", defaultValue = "0.45", description = "Overlay opacity.")
    double opacity;

    @Option(names = "--threshold", paramLabel = "0..1", defaultValue = "0",
            description = "No map in the overlay below this probability of the explained class; default 0.")
    double threshold;

    @Option(names = "--value-floor", paramLabel = "0..1", defaultValue = "0.2",
            description = "Heat below this stays transparent in the overlay; default 0.2.")
    double valueFloor;

    @Option(names = "--absolute-scale", paramLabel = "S",
            description = "Normalise the map as min(cam / S, 1) instead of per image (S from a calibration over a"
                    + " series, in logit units).")
    Double absoluteScale;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Folder for ONNX Runtime's optimised models; default ~/.cache/reslens/onnx"
                    + " (or $XDG_CACHE_HOME/reslens/onnx, or -Dreslens.cache.dir).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Optimise the model at start without reading or writing the cache.")
    boolean noCache;

    @Parameters(paramLabel = "FILE.dcm", description = "The DICOM file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Device dev = Device.ofTerm(device);
        ColourMap map = ColourMap.ofTerm(colourMap);
        if (dev == null || map == null || frame < 0 || (absoluteScale != null && !(absoluteScale > 0))) {
            throw new ParameterException(spec.commandLine(), dev == null ? "--device must be cpu or cuda"
                    : map == null ? "--colour-map must be inferno, viridis or jet"
                    : frame < 0 ? "--frame must not be negative" : "--absolute-scale must be positive");
        }
        OverlayStyle style;
        try {
            style = new OverlayStyle(map, opacity, threshold, valueFloor);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.toString());
        r.put("model", model.toString());
        int code;
        try {
            explain(r, dev, style);
            code = 0;
        } catch (InferenceException e) {
            code = fail(r, e.reason().name(), e.getMessage(), e.userMessage());
        } catch (ExplainException e) {
            code = fail(r, e.reason().name(), e.getMessage(), e.userMessage());
        } catch (ImagingException e) {
            code = fail(r, e.reason().name(), e.getMessage(), e.userMessage());
        } catch (DicomException e) {
            code = fail(r, e.kind().name(), e.getMessage(), e.userMessage());
        } catch (IOException e) {
            code = fail(r, "IO", e.getMessage(), "An output file could not be written.");
        }
        if (json) {
            out.println(Json.write(r));
        } else {
            printReadable(out, r);
        }
        out.flush();
        return code;
    }

    private void explain(Map<String, Object> r, Device dev, OverlayStyle style)
            throws InferenceException, ExplainException, ImagingException, DicomException, IOException {
        ModelBundle bundle = ModelBundle.load(model);
        r.put("model", bundle.name());
        List<String> notes = new ArrayList<>(bundle.warnings());
        DicomFile df = DicomFile.open(file);
        int frames = df.frameCount();
        if (frame >= frames) {
            throw new ParameterException(spec.commandLine(), "--frame " + frame + " but " + file + " has " + frames
                    + " frame(s)");
        }
        notes.addAll(bundle.accepts().check(df.dataset().getString(Tags.Modality),
                df.dataset().getString(Tags.BodyPartExamined)));
        PixelFrame pixels = df.readFrame(frame);
        ImageTransforms transforms = ImageTransforms.read(df.dataset(), frame);
        ModelInput input = new TensorBuilder(bundle.preprocessing()).build(pixels, transforms.modality());
        Normalisation normalisation = absoluteScale == null ? Normalisation.perImage()
                : new Normalisation.Absolute(absoluteScale);
        Explanation ex;
        RuntimeOptions options = RuntimeOptions.interactive().withDevice(dev);
        options = noCache ? options.withoutCache() : cacheDir != null ? options.withCacheDirectory(cacheDir) : options;
        try (ModelSession session = ModelSession.open(bundle, options)) {
            notes.addAll(session.notes());
            ex = new Explainer(session).explain(input, explainedClass == null ? OptionalInt.empty()
                    : OptionalInt.of(explainedClass), normalisation);
        }
        List<Double> probabilities = new ArrayList<>();
        for (float p : ex.prediction().probabilities()) {
            probabilities.add((double) p);
        }
        r.put("probabilities", probabilities);
        r.put("explainedClass", ex.explainedClass());
        Optional<Heatmap> heatmap = ex.heatmap();
        r.put("heatmapShape", heatmap.map(h -> new int[] {h.height(), h.width()}).orElse(null));
        r.put("classNames", bundle.postprocessing().classNames());
        r.put("gradCam", bundle.camHead() instanceof CamHead.Linear l ? "exact: " + l.form()
                : "unavailable: " + ex.unavailableReason().orElse(""));
        if (inputFile != null) {
            NpyWriter.writeFloat32(inputFile, new int[] {1, input.shape().channels(), input.shape().height(),
                    input.shape().width()}, input.data());
        }
        if (heatmap.isPresent() && heatmapFile != null) {
            NpyWriter.writeFloat32(heatmapFile, new int[] {heatmap.get().height(), heatmap.get().width()},
                    heatmap.get().values());
        } else if (heatmapFile != null) {
            notes.add("no heatmap written: " + ex.unavailableReason().orElse(""));
        }
        if (overlayFile != null) {
            DisplayBuffer slice = RenderPlan.resolve(transforms, pixels, ViewOverrides.NONE).render(pixels);
            Optional<ArgbBuffer> layer = heatmap.flatMap(h -> Overlay.render(h, ex.probability(), input.mapping(),
                    style));
            if (heatmap.isPresent() && layer.isEmpty()) {
                notes.add(String.format(Locale.ROOT, "overlay shows no map: probability %.3f is below --threshold %s",
                        ex.probability(), threshold));
            }
            ArgbBuffer empty = new ArgbBuffer(slice.width(), slice.height(), new int[slice.width() * slice.height()]);
            PngWriter.write(overlayFile, Overlay.blend(slice, layer.orElse(empty)));
        }
        if (!notes.isEmpty()) {
            r.put("notes", notes);
        }
    }

    private static int fail(Map<String, Object> r, String kind, String message, String userMessage) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("kind", kind);
        err.put("message", message);
        err.put("userMessage", userMessage);
        r.put("error", err);
        return 1;
    }

    @SuppressWarnings("unchecked")
    private static void printReadable(PrintWriter out, Map<String, Object> r) {
        out.println(r.get("file") + "  (model " + r.get("model") + ")");
        if (r.get("error") instanceof Map<?, ?> err) {
            out.println("  ERROR " + err.get("kind") + ": " + err.get("message"));
            out.println("  " + err.get("userMessage"));
            return;
        }
        List<Double> p = (List<Double>) r.get("probabilities");
        List<String> names = (List<String>) r.get("classNames");
        for (int i = 0; i < p.size(); i++) {
            out.printf(Locale.ROOT, "  %-20s %.4f%n", names.get(i), p.get(i));
        }
        int cls = (Integer) r.get("explainedClass");
        out.println("  Explained class:     " + cls + " (" + names.get(cls) + ")");
        out.println("  Grad-CAM:            " + r.get("gradCam"));
        if (r.get("heatmapShape") instanceof int[] s) {
            out.println("  Heatmap:             " + s[0] + " x " + s[1] + " (model-input grid)");
        }
        if (r.get("notes") instanceof List<?> notes) {
            for (Object n : notes) {
                out.println("  Note: " + n);
            }
        }
    }
}
