package org.reslens.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;

/**
 * One ONNX Runtime session for one model bundle, shared by the viewer and batch work: {@link #predict} may be called
 * from several threads at once (ONNX Runtime's {@code Run} is thread-safe); {@link #close} waits for runs in flight.
 * Inputs and outputs live in reused direct, native-order buffers (a pool of {@link TensorSet}s per batch size, the
 * outputs pinned so ONNX Runtime writes into them); every result is closed before the call returns and every tensor
 * when the session closes; the first runs look the outputs up by the names the bundle gives, with a type and shape
 * check, before the pinned path is used.
 */
public final class ModelSession implements AutoCloseable {
    private final ModelBundle bundle;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Device device;
    private final List<String> notes;
    private final boolean fromCache;
    private final Optional<String> featureOutput;
    private final Map<Integer, Queue<TensorSet>> pool = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    /** Set once a general run has checked the outputs' names, types and shapes. */
    private volatile boolean outputsChecked;
    /** The feature map's [channels, height, width], learned from the first run that returned it. */
    private volatile long[] featureDims;

    private ModelSession(ModelBundle bundle, OrtEnvironment env, OrtSession session, Device device, List<String> notes,
                         boolean fromCache) {
        this.bundle = bundle;
        this.env = env;
        this.session = session;
        this.device = device;
        this.notes = List.copyOf(notes);
        this.fromCache = fromCache;
        this.featureOutput = bundle.camHead() instanceof CamHead.Linear l ? Optional.of(l.featureOutput())
                : Optional.empty();
    }

    /**
     * Creates the session: ALL_OPT, the options' thread count and spinning, the requested device or CPU with a note
     * when it is not available, and the optimised model from (or into) the cache folder.
     */
    public static ModelSession open(ModelBundle bundle, RuntimeOptions options) throws InferenceException {
        List<String> notes = new ArrayList<>();
        Device device = options.device();
        if (device == Device.CUDA && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            notes.add("CUDA was requested but this ONNX Runtime has no CUDA provider (the onnxruntime_gpu library is"
                    + " not installed); running on the CPU");
            device = Device.CPU;
        }
        byte[] model = bundle.sessionModel();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Device resolved = device;
        OptimisedModelCache cache = options.cacheDirectory()
                .map(dir -> new OptimisedModelCache(dir, model, env.getVersion(), resolved))
                .orElse(null);
        if (cache != null && cache.present()) {
            try (SessionOptions so = sessionOptions(options, SessionOptions.OptLevel.NO_OPT)) {
                Device used = addDevice(so, device, notes);
                OrtSession s = env.createSession(cache.file().toString(), so);
                return checked(new ModelSession(bundle, env, s, used, notes, true));
            } catch (OrtException e) {
                notes.add("the cached optimised model could not be loaded and was discarded: " + e.getMessage());
                cache.discard();
            }
        }
        try (SessionOptions so = sessionOptions(options, SessionOptions.OptLevel.ALL_OPT)) {
            Device used = addDevice(so, device, notes);
            Path target = cache == null ? null : cache.prepareWrite(notes);
            if (target != null) {
                so.setOptimizedModelFilePath(target.toString());
            }
            OrtSession s;
            try {
                s = env.createSession(model, so);
            } catch (OrtException e) {
                if (target != null) {
                    cache.abandon(target);
                }
                throw new InferenceException(InferenceException.Reason.CORRUPT_MODEL, "ONNX Runtime cannot load "
                        + bundle.modelFile().getFileName() + ": " + e.getMessage(), e);
            }
            if (target != null) {
                cache.commit(target, notes);
            }
            return checked(new ModelSession(bundle, env, s, used, notes, false));
        } catch (OrtException e) {
            throw new InferenceException(InferenceException.Reason.RUNTIME, "cannot configure ONNX Runtime: "
                    + e.getMessage(), e);
        }
    }

    private static SessionOptions sessionOptions(RuntimeOptions options, SessionOptions.OptLevel level)
            throws OrtException {
        SessionOptions so = new SessionOptions();
        try {
            so.setOptimizationLevel(level);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            so.addConfigEntry("session.intra_op.allow_spinning", options.allowSpinning() ? "1" : "0");
            // The NCHWc warning about hardware-specific optimised models is expected: the cache key names the machine.
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    private static Device addDevice(SessionOptions so, Device device, List<String> notes) {
        if (device != Device.CUDA) {
            return Device.CPU;
        }
        try {
            so.addCUDA(0);
            return Device.CUDA;
        } catch (OrtException | RuntimeException | LinkageError e) {
            notes.add("CUDA could not be started (" + e.getMessage() + "); running on the CPU");
            return Device.CPU;
        }
    }

    /** Confirms ONNX Runtime sees the input and outputs the bundle was checked for (closing the session if not). */
    private static ModelSession checked(ModelSession s) throws InferenceException {
        try {
            Map<String, NodeInfo> in = s.session.getInputInfo();
            Map<String, NodeInfo> out = s.session.getOutputInfo();
            String missing = !in.containsKey(s.bundle.input().name()) ? "input " + s.bundle.input().name()
                    : !out.containsKey(s.bundle.logitsOutput()) ? "output " + s.bundle.logitsOutput()
                    : s.featureOutput.isPresent() && !out.containsKey(s.featureOutput.get())
                    ? "output " + s.featureOutput.get() : null;
            if (missing != null) {
                s.close();
                throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "ONNX Runtime's session has no "
                        + missing);
            }
            return s;
        } catch (OrtException e) {
            s.close();
            throw new InferenceException(InferenceException.Reason.RUNTIME, e.getMessage(), e);
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** The device the session actually runs on (CPU when CUDA was asked for but is not available). */
    public Device device() {
        return device;
    }

    /** What happened while opening that the user may want to know (device fallback, cache problems). */
    public List<String> notes() {
        return notes;
    }

    /** True when the session was created from the cached optimised model. */
    public boolean loadedFromCache() {
        return fromCache;
    }

    /**
     * Chooses, from an image's probabilities, whether its feature map is copied out of a run. Batch work needs the
     * map of a few top slices only; copying (and later collecting) {@code channels x height x width} floats for every
     * image costs more than the rest of the bookkeeping (128 KB per slice on the default model).
     */
    @FunctionalInterface
    public interface FeatureFilter {
        /** Every image's feature map. */
        FeatureFilter ALL = (image, probabilities) -> true;

        /**
         * @param image         the image's index in the list given to {@link #predictAll(List, int, FeatureFilter,
         *                      BooleanSupplier)}
         * @param probabilities its probabilities after the bundle's activation (not to be modified)
         */
        boolean wants(int image, float[] probabilities);
    }

    /** Runs one image; with {@code withFeatures} the feature map for Grad-CAM comes back too (when the head has one). */
    public Prediction predict(ModelInput input, boolean withFeatures) throws InferenceException {
        return run(List.of(input), withFeatures ? FeatureFilter.ALL : null, 0).get(0);
    }

    /** {@link #predict(ModelInput, boolean)} with the feature map when the model supports Grad-CAM. */
    public Prediction predict(ModelInput input) throws InferenceException {
        return predict(input, true);
    }

    /**
     * Runs many images in batches of up to {@code batchSize} (1 when the model's batch dimension is fixed), checking
     * {@code cancelled} before each batch; CANCELLED when it says so.
     */
    public List<Prediction> predictAll(List<ModelInput> inputs, int batchSize, boolean withFeatures,
                                       BooleanSupplier cancelled) throws InferenceException {
        return predictAll(inputs, batchSize, withFeatures ? FeatureFilter.ALL : null, cancelled);
    }

    /**
     * As {@link #predictAll(List, int, boolean, BooleanSupplier)}, with the feature map of the images {@code features}
     * wants (asked once per image, in order, after its batch ran); the others come back without one. Null: no
     * feature maps, and ONNX Runtime is not asked for them.
     */
    public List<Prediction> predictAll(List<ModelInput> inputs, int batchSize, FeatureFilter features,
                                       BooleanSupplier cancelled) throws InferenceException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        int step = bundle.input().batchDynamic() ? batchSize : 1;
        List<Prediction> out = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += step) {
            if (cancelled.getAsBoolean()) {
                throw new InferenceException(InferenceException.Reason.CANCELLED, "cancelled after " + from + " of "
                        + inputs.size() + " images");
            }
            out.addAll(run(inputs.subList(from, Math.min(inputs.size(), from + step)), features, from));
        }
        return out;
    }

    // "try": a pinned run's Result is closed though its values are read from the pinned buffers.
    @SuppressWarnings("try")
    private List<Prediction> run(List<ModelInput> images, FeatureFilter filter, int first) throws InferenceException {
        InputSpec spec = bundle.input();
        int n = images.size();
        for (ModelInput m : images) {
            TensorShape s = m.shape();
            if (s.batch() != 1 || s.channels() != spec.channels() || s.height() != spec.height()
                    || s.width() != spec.width()) {
                throw invalidInput(s, spec);
            }
        }
        boolean features = filter != null && featureOutput.isPresent();
        int classes = bundle.postprocessing().classCount();
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the session for " + bundle.name() + " is closed");
            }
            TensorSet io = borrow(n, classes);
            try {
                io.input.clear();
                for (ModelInput m : images) {
                    io.input.put(m.data());
                }
                long[] chw = featureDims;
                if (!outputsChecked || (features && chw == null)) {
                    return checkedRun(io, n, classes, features, filter, first);
                }
                Map<String, OnnxTensor> pinned = features
                        ? Map.of(bundle.logitsOutput(), io.logitsTensor, featureOutput.get(), io.features(env, chw))
                        : Map.of(bundle.logitsOutput(), io.logitsTensor);
                try (OrtSession.Result result = session.run(Map.of(spec.name(), io.inputTensor), Set.of(), pinned)) {
                    float[] logits = new float[n * classes];
                    io.logits.get(0, logits);
                    // The feature maps are read in place: predictions() copies out only those the filter wants,
                    // before the tensor set goes back to the pool.
                    return predictions(n, classes, logits, features ? io.featureValues() : null, chw, filter, first);
                }
            } finally {
                giveBack(io);
            }
        } catch (OrtException e) {
            throw new InferenceException(InferenceException.Reason.RUNTIME, "ONNX Runtime failed on "
                    + bundle.name() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static InferenceException invalidInput(TensorShape s, InputSpec spec) {
        return new InferenceException(InferenceException.Reason.INVALID_INPUT, "tensor " + s.batch() + "x"
                + s.channels() + "x" + s.height() + "x" + s.width() + " given to a model that takes 1x"
                + spec.channels() + "x" + spec.height() + "x" + spec.width());
    }

    /**
     * The first runs go the general way, which checks each output's name, type and shape and learns the feature map's
     * size; later runs let ONNX Runtime write into the pinned buffers. A method of its own, so that the just-in-time
     * compiler leaves it out of the hot path it compiles (the whole of {@code run} took it two seconds of CPU).
     */
    private List<Prediction> checkedRun(TensorSet io, int n, int classes, boolean features, FeatureFilter filter,
                                        int first) throws InferenceException, OrtException {
        Set<String> wanted = features ? Set.of(bundle.logitsOutput(), featureOutput.get())
                : Set.of(bundle.logitsOutput());
        try (OrtSession.Result result = session.run(Map.of(bundle.input().name(), io.inputTensor), wanted)) {
            Output lo = output(result, bundle.logitsOutput(), 2, n);
            if (lo.shape[1] != classes) {
                throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "the model returned "
                        + lo.shape[1] + " logits per image for " + classes + " declared classes");
            }
            FloatBuffer fm = null;
            long[] chw = featureDims;
            if (features) {
                Output f = output(result, featureOutput.get(), 4, n);
                if (bundle.camHead() instanceof CamHead.Linear l && f.shape[1] != l.channels()) {
                    throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "feature output has "
                            + f.shape[1] + " channels but the head has " + l.channels() + " weights per class");
                }
                chw = new long[] {f.shape[1], f.shape[2], f.shape[3]};
                featureDims = chw;
                fm = FloatBuffer.wrap(f.values);
            }
            outputsChecked = true;
            return predictions(n, classes, lo.values, fm, chw, filter, first);
        }
    }

    /** One prediction per image; each wanted feature map is copied once, straight from {@code fm} into its own array. */
    private List<Prediction> predictions(int n, int classes, float[] logits, FloatBuffer fm, long[] chw,
                                         FeatureFilter filter, int first) {
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] l = new float[classes];
            System.arraycopy(logits, i * classes, l, 0, classes);
            float[] p = bundle.postprocessing().activation().apply(l);
            Optional<FeatureMap> f = Optional.empty();
            if (fm != null && filter.wants(first + i, p)) {
                int c = (int) chw[0];
                int h = (int) chw[1];
                int w = (int) chw[2];
                float[] a = new float[c * h * w];
                fm.get(i * a.length, a);
                f = Optional.of(new FeatureMap(c, h, w, a));
            }
            out.add(new Prediction(l, p, f));
        }
        return out;
    }

    private record Output(long[] shape, float[] values) {
    }

    /** The named output as float32 of the given rank and batch, or MODEL_MISMATCH saying what came instead. */
    private static Output output(OrtSession.Result result, String name, int rank, int batch)
            throws InferenceException, OrtException {
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty()) {
            throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "the model returned no " + name);
        }
        if (!(value.get() instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
            throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "output " + name
                    + " is not a float32 tensor: " + value.get().getInfo());
        }
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        if (shape.length != rank || shape[0] != batch) {
            throw new InferenceException(InferenceException.Reason.MODEL_MISMATCH, "output " + name + " has shape "
                    + Arrays.toString(shape) + ", expected rank " + rank + " with batch " + batch);
        }
        FloatBuffer fb = t.getFloatBuffer();
        float[] values = new float[fb.remaining()];
        fb.get(values);
        return new Output(shape, values);
    }

    private TensorSet borrow(int batch, int classes) throws OrtException {
        TensorSet t = pool.computeIfAbsent(batch, k -> new ConcurrentLinkedQueue<>()).poll();
        return t != null ? t : TensorSet.create(env, batch, bundle.input(), classes);
    }

    private void giveBack(TensorSet t) {
        pool.computeIfAbsent(t.batch, k -> new ConcurrentLinkedQueue<>()).offer(t);
    }

    /** Closes the ONNX Runtime session once runs in flight have finished; later calls fail. Idempotent. */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Queue<TensorSet> q : pool.values()) {
                for (TensorSet t : q) {
                    t.close();
                }
            }
            pool.clear();
            try {
                session.close();
            } catch (OrtException e) {
                // Nothing useful remains to be done with a session that fails to close.
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ModelSession[" + bundle.name() + " on " + device.term() + (fromCache ? ", cached" : "") + "]";
    }
}
