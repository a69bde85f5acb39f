package org.reslens.dicom;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A DICOMDIR (PS3.10 section 8, PS3.3 F.3): its directory records walked from the root through the next-record and
 * lower-level offsets, and the files they reference resolved against the DICOMDIR's folder. Media written on other
 * systems often differ in letter case, so a component that does not exist exactly is matched ignoring case.
 */
public final class Dicomdir {
    /** One directory record with its type, the attributes it carries and the file it references (if any). */
    public record Record(String type, Attributes attributes, Path file, List<Record> children) {
    }

    private final Path path;
    private final List<Record> roots;
    private final List<String> problems;

    private Dicomdir(Path path, List<Record> roots, List<String> problems) {
        this.path = path;
        this.roots = roots;
        this.problems = problems;
    }

    public static boolean isDicomdir(DicomFile df) {
        return "1.2.840.10008.1.3.10".equals(df.sopClassUid()) || df.dataset().contains(Tags.DirectoryRecordSequence);
    }

    public static Dicomdir read(Path dicomdir) throws DicomException {
        return of(DicomFile.open(dicomdir));
    }

    public static Dicomdir of(DicomFile df) throws DicomException {
        Path dir = df.path().toAbsolutePath().getParent();
        List<Attributes> items = df.dataset().getSequence(Tags.DirectoryRecordSequence);
        Map<Long, Attributes> byOffset = new HashMap<>();
        for (Attributes a : items) {
            byOffset.put(a.itemOffset(), a);
        }
        List<String> problems = new ArrayList<>();
        long first = df.dataset().getInt(Tags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, 0) & 0xFFFFFFFFL;
        List<Record> roots;
        if (first != 0 && byOffset.containsKey(first)) {
            roots = chain(first, byOffset, dir, new HashSet<>(), problems, 0);
        } else {
            if (!items.isEmpty()) {
                problems.add("root record offset " + first + " points at no record; records read in file order");
            }
            roots = new ArrayList<>();
            for (Attributes a : items) {
                roots.add(record(a, dir, List.of(), problems));
            }
        }
        return new Dicomdir(df.path(), List.copyOf(roots), List.copyOf(problems));
    }

    private static List<Record> chain(long offset, Map<Long, Attributes> byOffset, Path dir, Set<Long> seen,
                                      List<String> problems, int depth) throws DicomException {
        List<Record> out = new ArrayList<>();
        long at = offset;
        while (at != 0) {
            Attributes a = byOffset.get(at);
            if (a == null) {
                problems.add("record offset " + at + " points at no record");
                break;
            }
            if (!seen.add(at) || depth > 16) {
                throw new DicomException(ErrorKind.MALFORMED, "DICOMDIR record offsets form a loop", at);
            }
            long lower = a.getInt(Tags.OffsetOfReferencedLowerLevelDirectoryEntity, 0) & 0xFFFFFFFFL;
            List<Record> children = lower != 0 ? chain(lower, byOffset, dir, seen, problems, depth + 1) : List.of();
            out.add(record(a, dir, children, problems));
            at = a.getInt(Tags.OffsetOfTheNextDirectoryRecord, 0) & 0xFFFFFFFFL;
        }
        return out;
    }

    private static Record record(Attributes a, Path dir, List<Record> children, List<String> problems) {
        String type = a.getString(Tags.DirectoryRecordType, "");
        String[] id = a.getStrings(Tags.ReferencedFileID);
        Path file = null;
        if (id.length > 0) {
            file = resolve(dir, id);
            if (file == null) {
                problems.add("referenced file " + String.join("\\", id) + " not found");
            }
        }
        return new Record(type, a, file, List.copyOf(children));
    }

    /** Resolves File ID components, exactly where possible, else ignoring case; null when missing or escaping. */
    static Path resolve(Path dir, String[] components) {
        Path p = dir;
        for (String c : components) {
            if (c.isEmpty() || c.equals("..") || c.equals(".") || c.contains("/")) {
                return null;
            }
            Path exact = p.resolve(c);
            if (Files.exists(exact)) {
                p = exact;
                continue;
            }
            Path match = null;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path e : ds) {
                    if (e.getFileName().toString().toUpperCase(Locale.ROOT).equals(c.toUpperCase(Locale.ROOT))) {
                        match = e;
                        break;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            if (match == null) {
                return null;
            }
            p = match;
        }
        return p;
    }

    public Path path() {
        return path;
    }

    /** Top-level records (normally PATIENT), each with its children. */
    public List<Record> roots() {
        return roots;
    }

    /** Every referenced file that exists, in record order. */
    public List<Path> referencedFiles() {
        List<Path> out = new ArrayList<>();
        collect(roots, out);
        return out;
    }

    private static void collect(List<Record> records, List<Path> out) {
        for (Record r : records) {
            if (r.file() != null) {
                out.add(r.file());
            }
            collect(r.children(), out);
        }
    }

    /** Links that point nowhere and referenced files that are missing. */
    public List<String> problems() {
        return problems;
    }
}
