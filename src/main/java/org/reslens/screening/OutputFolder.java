package org.reslens.screening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.reslens.dicom.write.AtomicFiles;

/**
 * The one folder a run writes to, checked before anything is written: never inside an input's folder (nor holding
 * one), so the source data is never touched, and empty unless the run resumes an earlier one there.
 */
final class OutputFolder {
    static final String RESULTS_JSON = "results.json";
    static final String RESULTS_CSV = "results.csv";
    static final String ERRORS_CSV = "errors.csv";
    static final String REPORT_HTML = "report.html";
    /** One line per finished study, appended as studies finish: what a resumed run reads after a kill. */
    static final String JOURNAL = ".screening-journal.jsonl";
    static final String KEY_IMAGES = "keyimages";
    static final String DICOM = "dicom";

    private final Path root;

    private OutputFolder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /**
     * Checks the folder against the inputs and creates it.
     *
     * @throws ScreeningException INVALID_OUTPUT when it lies inside an input's folder, holds an input, is a file, or
     *                            is not empty while not resuming
     */
    static OutputFolder prepare(Path out, List<Path> inputs, boolean resume) throws ScreeningException {
        Path real = realish(out);
        for (Path input : inputs) {
            Path source = sourceFolder(input);
            if (source == null) {
                continue;
            }
            if (real.startsWith(source)) {
                throw invalid("--out " + out + " lies inside the input folder " + source
                        + "; results are never written into source data: choose a folder outside it");
            }
            if (source.startsWith(real)) {
                throw invalid("--out " + out + " contains the input " + input
                        + "; choose a folder that holds no input");
            }
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out)) {
            throw invalid("--out " + out + " exists and is not a folder");
        }
        try {
            Files.createDirectories(out);
            List<Path> present = list(out);
            if (!resume && !present.isEmpty()) {
                throw invalid("--out " + out + " is not empty (" + present.size() + " entries); give an empty or new"
                        + " folder, or --resume to continue the run whose results are there");
            }
            if (resume) {
                for (Path p : present) {
                    if (p.getFileName().toString().endsWith(AtomicFiles.PART_SUFFIX)) {
                        Files.deleteIfExists(p); // a write the killed run did not finish
                    }
                }
            }
        } catch (IOException e) {
            throw new ScreeningException(ScreeningException.Reason.IO, "cannot create or read --out " + out + ": "
                    + e.getMessage(), e);
        }
        return new OutputFolder(real);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /**
     * What an input covers: a folder with everything in it; a DICOMDIR the folder it indexes; any other file just
     * itself. Null when it does not exist (the index reports it).
     */
    private static Path sourceFolder(Path input) {
        if (!Files.exists(input)) {
            return null;
        }
        Path real = realish(input);
        boolean dicomdir = real.getFileName() != null && real.getFileName().toString().equalsIgnoreCase("DICOMDIR");
        return Files.isDirectory(real) || !dicomdir ? real : real.getParent();
    }

    /** The real path of the deepest existing ancestor, with the rest appended, so links cannot hide a nesting. */
    static Path realish(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        Path base;
        try {
            base = existing == null ? abs.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            base = existing;
        }
        for (Path r : rest) {
            base = base.resolve(r);
        }
        return base;
    }

    private static ScreeningException invalid(String message) {
        return new ScreeningException(ScreeningException.Reason.INVALID_OUTPUT, message);
    }
}
