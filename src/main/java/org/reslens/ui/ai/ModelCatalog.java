package org.reslens.ui.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelBundle;

/**
 * The models a reader can choose from: every bundle folder (one holding {@code metadata.json}) directly under the
 * application's {@code models/} folders, plus bundles the reader added. Loading checks each bundle (JSON, hash, graph)
 * and takes a fraction of a second per model, so call {@link #discover} off the FX thread.
 */
public final class ModelCatalog {
    /** The folder name of the model ResLens ships. */
    public static final String DEFAULT_MODEL = "brain-lesion-demo";

    private final List<Path> roots;
    private final List<Path> added = new ArrayList<>();

    /** @param roots folders that hold bundle folders, e.g. {@code <install>/models} */
    public ModelCatalog(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Adds a bundle folder, its metadata.json or an ONNX file with metadata.json beside it. */
    public synchronized void add(Path bundle) {
        added.add(bundle);
    }

    /** Every model, the bundled default first; unusable bundles are listed with their problem. */
    public List<ModelEntry> discover() {
        Set<Path> seen = new LinkedHashSet<>();
        List<ModelEntry> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> dirs;
            try (Stream<Path> s = Files.list(root)) {
                dirs = s.filter(d -> Files.isRegularFile(d.resolve("metadata.json")))
                        .sorted(Comparator.comparing((Path d) -> !d.getFileName().toString().equals(DEFAULT_MODEL))
                                .thenComparing(d -> d.getFileName().toString()))
                        .toList();
            } catch (IOException e) {
                continue;
            }
            for (Path d : dirs) {
                if (seen.add(d.toAbsolutePath().normalize())) {
                    out.add(load(d, d.getFileName().toString().equals(DEFAULT_MODEL)));
                }
            }
        }
        List<Path> extra;
        synchronized (this) {
            extra = List.copyOf(added);
        }
        for (Path p : extra) {
            if (seen.add(p.toAbsolutePath().normalize())) {
                out.add(load(p, false));
            }
        }
        out.sort(Comparator.comparing((ModelEntry e) -> !e.bundledDefault()));
        return out;
    }

    static ModelEntry load(Path location, boolean bundled) {
        try {
            ModelBundle b = ModelBundle.load(location);
            return new ModelEntry(b.name(), location, bundled, b, null);
        } catch (InferenceException e) {
            String name = location.getFileName() == null ? location.toString() : location.getFileName().toString();
            return new ModelEntry(name, location, bundled, null, e.userMessage() + " (" + e.getMessage() + ")");
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // The loader's own limits should make these impossible; if one slips through, this bundle is unusable
            // and the other models must still be listed.
            String name = location.getFileName() == null ? location.toString() : location.getFileName().toString();
            return new ModelEntry(name, location, bundled, null, e.toString());
        }
    }
}
