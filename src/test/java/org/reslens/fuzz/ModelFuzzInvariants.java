package org.reslens.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.reslens.inference.InferenceException;
import org.reslens.inference.LoaderProbe;

/**
 * The model loader's counterpart of {@link FuzzInvariants}: the loader returns or throws {@link InferenceException}
 * with one of the reasons a load can have and a message that names the file at fault; anything else (a runtime
 * exception, {@code StackOverflowError}, {@code OutOfMemoryError}, an {@code AssertionError} from an oracle) escapes
 * unchanged and is a finding. The time budget is the reader's: 2 s plus 1 ms per KiB of input.
 */
final class ModelFuzzInvariants {
    /** The reasons a bundle load may give; NOT_ACCEPTED, INVALID_INPUT, RUNTIME and CANCELLED belong to runs. */
    static final Set<InferenceException.Reason> LOAD_REASONS = Set.of(InferenceException.Reason.BUNDLE_NOT_FOUND,
            InferenceException.Reason.INVALID_METADATA, InferenceException.Reason.HASH_MISMATCH,
            InferenceException.Reason.CORRUPT_MODEL, InferenceException.Reason.MODEL_MISMATCH,
            InferenceException.Reason.TOO_LARGE);
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
            && !System.getenv("JAZZER_FUZZ").isEmpty();

    private ModelFuzzInvariants() {
    }

    /**
     * Loads and initialises what every input needs (Jackson's ObjectMapper, the loader's classes) before the first
     * timed input: in a cold JVM on a loaded machine that alone took 2.4 s, over the budget of an empty input.
     */
    static void warmUp() {
        try {
            LoaderProbe.metadata(OnnxBytes.tinyMetadata("model.onnx", null).getBytes(StandardCharsets.UTF_8));
            LoaderProbe.onnx(OnnxBytes.model(OnnxBytes.tinyClassifierGraph()));
        } catch (InferenceException e) {
            throw new IllegalStateException("the warm-up bundle must load", e);
        }
    }

    /** Something that may fail only with {@link InferenceException}. */
    @FunctionalInterface
    interface LoaderWork {
        void run() throws InferenceException;
    }

    /**
     * Runs {@code work}, accepting a return or an {@link InferenceException} of a load reason with a user message and
     * a technical message; returns the exception or null. Fails when the work took longer than the time budget.
     */
    static InferenceException expectReturnOrInferenceException(int inputBytes, LoaderWork work) {
        long start = System.nanoTime();
        InferenceException failure = FUZZING ? runCatching(work)
                : Assertions.assertTimeoutPreemptively(FuzzInvariants.HANG, () -> runCatching(work),
                        () -> "input of " + inputBytes + " bytes still running after " + FuzzInvariants.HANG);
        if (failure != null) {
            if (!LOAD_REASONS.contains(failure.reason())) {
                throw new AssertionError("a load failed with reason " + failure.reason(), failure);
            }
            if (failure.getMessage() == null || failure.getMessage().isBlank() || failure.userMessage() == null) {
                throw new AssertionError("InferenceException without a message", failure);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > FuzzInvariants.timeBudgetMillis(inputBytes)) {
            throw new AssertionError("input of " + inputBytes + " bytes took " + millis + " ms, budget "
                    + FuzzInvariants.timeBudgetMillis(inputBytes) + " ms"
                    + (failure == null ? "" : " (ended in " + failure + ")"));
        }
        return failure;
    }

    private static InferenceException runCatching(LoaderWork work) {
        try {
            work.run();
            return null;
        } catch (InferenceException e) {
            return e;
        }
    }
}
