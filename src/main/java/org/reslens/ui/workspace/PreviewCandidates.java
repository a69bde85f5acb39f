package org.reslens.ui.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The first few files of the inputs worth trying as a preview, in the indexer's order (folders depth-first by name):
 * files whose names say they are not images (text, JSON, pictures, archives, DICOMDIRs) are passed over, since an
 * archive or a DICOMDIR needs the full index anyway.
 */
final class PreviewCandidates {
    static final int MAX = 16;
    private static final Set<String> SKIP = Set.of("txt", "md", "json", "xml", "html", "htm", "pdf", "png", "jpg",
            "jpeg", "gif", "zip", "csv", "ini", "log", "exe", "dll", "inf", "py", "sh");

    private PreviewCandidates() {
    }

    /**
     * For a folder, the files of the first folder (depth-first by name) that holds any, its middle file first: names
     * usually follow slice order, so that is likely the middle of the series, the slice the viewer opens at.
     */
    static List<Path> of(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                out.addAll(firstFolderWithFiles(p, 0));
            } else if (Files.isRegularFile(p) && worthTrying(p)) {
                out.add(p);
            }
            if (out.size() >= MAX) {
                break;
            }
        }
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }

    private static List<Path> firstFolderWithFiles(Path dir, int depth) {
        if (depth > 8) {
            return List.of();
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted(Comparator.comparing(c -> c.getFileName().toString())).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        // Names first (no file system calls), then only the few files tried are checked, the middle one first: a
        // folder of 5,000 files costs one listing, not 5,000 stat calls.
        List<Path> named = children.stream().filter(PreviewCandidates::worthTrying).toList();
        List<Path> files = new ArrayList<>();
        if (!named.isEmpty()) {
            Path middle = named.get(named.size() / 2);
            if (Files.isRegularFile(middle, LinkOption.NOFOLLOW_LINKS)) {
                files.add(middle);
            }
            for (Path c : named) {
                if (files.size() >= MAX) {
                    break;
                }
                if (!c.equals(middle) && Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(c);
                }
            }
        }
        if (!files.isEmpty()) {
            return files;
        }
        for (Path c : children) {
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> found = firstFolderWithFiles(c, depth + 1);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }

    static boolean worthTrying(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.equalsIgnoreCase("DICOMDIR") || name.startsWith(".")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 || !SKIP.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
