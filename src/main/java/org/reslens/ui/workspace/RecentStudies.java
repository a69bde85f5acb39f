package org.reslens.ui.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The studies opened lately, newest first, kept in {@code recent.json} in the user's ResLens configuration folder
 * (never in the installation). Reopening the same inputs moves them to the top. A missing or damaged file just means
 * an empty list. Thread-safe: the workspace saves it from a background thread (the first JSON use costs 0.1-0.3 s of
 * class loading, which the FX thread must not pay).
 */
public final class RecentStudies {
    /** One entry: what was opened and how to call it. */
    public record Entry(List<String> paths, String label, String openedAt) {
        public Entry {
            paths = List.copyOf(paths);
        }
    }

    public static final int MAX = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** @param file where the list lives, e.g. {@code ~/.config/reslens/recent.json} */
    public RecentStudies(Path file) {
        this.file = file;
    }

    public synchronized List<Entry> load() {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<Entry> l = JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() { });
            return l == null ? List.of() : l.stream().filter(e -> e.paths() != null && e.label() != null).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts {@code paths} first and saves; returns the new list. */
    public synchronized List<Entry> add(List<Path> paths, String label) throws IOException {
        List<String> p = paths.stream().map(x -> x.toAbsolutePath().normalize().toString()).toList();
        List<Entry> list = new ArrayList<>(load());
        list.removeIf(e -> e.paths().equals(p));
        list.add(0, new Entry(p, label, Instant.now().toString()));
        while (list.size() > MAX) {
            list.remove(list.size() - 1);
        }
        save(list);
        return List.copyOf(list);
    }

    public synchronized void clear() throws IOException {
        save(List.of());
    }

    private void save(List<Entry> list) throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), list);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
