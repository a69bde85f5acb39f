package org.reslens.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * ONNX Runtime's optimised model, kept in the user's cache folder so later sessions skip graph optimisation. The
 * file name is a hash of everything the optimised graph depends on: the exact model bytes given to the session
 * (after any in-memory edit), the ONNX Runtime version, the device, and the machine (ALL_OPT output may use
 * instruction-set-specific layouts, so a cache folder shared between machines must not mix them). Files are written
 * under a temporary name and moved into place, so a crash or a concurrent start never leaves a half-written model
 * under the final name.
 */
final class OptimisedModelCache {
    private final Path dir;
    private final Path file;

    OptimisedModelCache(Path dir, byte[] model, String ortVersion, Device device) {
        this.dir = dir;
        String key = ModelBundle.sha256(model) + "|" + ortVersion + "|" + device.term() + "|" + machine();
        this.file = dir.resolve(ModelBundle.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 40)
                + ".optimised.onnx");
    }

    Path file() {
        return file;
    }

    boolean present() {
        return Files.isRegularFile(file);
    }

    void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A cache entry that cannot be deleted is simply not used again: the next start re-optimises.
        }
    }

    /** A fresh temporary path in the cache folder for ONNX Runtime to write to, or null (with a note) if unwritable. */
    Path prepareWrite(List<String> notes) {
        try {
            Files.createDirectories(dir);
            return dir.resolve(".tmp-" + UUID.randomUUID() + ".onnx");
        } catch (IOException e) {
            notes.add("the optimised-model cache " + dir + " cannot be written (" + e.getMessage()
                    + "); the model is optimised at every start");
            return null;
        }
    }

    void commit(Path written, List<String> notes) {
        try {
            if (!Files.isRegularFile(written)) {
                return;
            }
            try {
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            notes.add("the optimised model could not be cached: " + e.getMessage());
            abandon(written);
        }
    }

    void abandon(Path written) {
        try {
            Files.deleteIfExists(written);
        } catch (IOException e) {
            // Left-over temporary files are harmless; they never match a cache key.
        }
    }

    /** The CPU's architecture and, on Linux, its feature flags. */
    private static String machine() {
        String flags = "";
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
                    if (line.startsWith("flags") || line.startsWith("Features")) {
                        flags = line;
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            flags = "unknown";
        }
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "/" + flags;
    }
}
