package org.reslens.inference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a model session runs, resolved once: device, intra-op threads, whether idle worker threads spin, and where the
 * optimised model is cached.
 *
 * @param allowSpinning  ONNX Runtime's {@code session.intra_op.allow_spinning}: spinning shaves latency off
 *                       back-to-back runs, but keeps idle cores busy: off for the viewer and for batch work, whose
 *                       other threads (decoding, writing) need those cores
 * @param cacheDirectory where optimised models are kept; empty: no cache. Never the model's folder or the source tree
 */
public record RuntimeOptions(Device device, int intraOpThreads, boolean allowSpinning,
                             Optional<Path> cacheDirectory) {

    public RuntimeOptions {
        if (device == null || cacheDirectory == null) {
            throw new IllegalArgumentException("device and cacheDirectory are required");
        }
        if (intraOpThreads < 1 || intraOpThreads > 1024) {
            throw new IllegalArgumentException("intra-op threads " + intraOpThreads + " not within 1..1024");
        }
    }

    /** For the viewer: CPU, one thread per core, no spinning, the user's cache folder. */
    public static RuntimeOptions interactive() {
        return new RuntimeOptions(Device.CPU, Runtime.getRuntime().availableProcessors(), false,
                Optional.of(defaultCacheDirectory()));
    }

    /**
     * For batch work (screening, evaluation): CPU, one thread per core, no spinning. Runs follow each other closely,
     * but the threads that read, decode and write meanwhile need the same cores, and a spinning intra-op thread keeps
     * its core busy doing nothing between runs.
     */
    public static RuntimeOptions batch() {
        return interactive();
    }

    public RuntimeOptions withDevice(Device d) {
        return new RuntimeOptions(d, intraOpThreads, allowSpinning, cacheDirectory);
    }

    public RuntimeOptions withIntraOpThreads(int threads) {
        return new RuntimeOptions(device, threads, allowSpinning, cacheDirectory);
    }

    public RuntimeOptions withSpinning(boolean spinning) {
        return new RuntimeOptions(device, intraOpThreads, spinning, cacheDirectory);
    }

    public RuntimeOptions withCacheDirectory(Path dir) {
        return new RuntimeOptions(device, intraOpThreads, allowSpinning, Optional.of(dir));
    }

    public RuntimeOptions withoutCache() {
        return new RuntimeOptions(device, intraOpThreads, allowSpinning, Optional.empty());
    }

    /**
     * {@code reslens.cache.dir} (system property) if set, else {@code $XDG_CACHE_HOME/reslens}, else
     * {@code ~/.cache/reslens}; optimised models go into its {@code onnx/} folder.
     */
    public static Path defaultCacheDirectory() {
        String prop = System.getProperty("reslens.cache.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).resolve("onnx");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("reslens").resolve("onnx");
    }
}
