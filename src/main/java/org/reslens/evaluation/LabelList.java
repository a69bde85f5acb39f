package org.reslens.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A labelled list: a CSV file (RFC 4180 quoting, UTF-8, header row) with the columns {@code file} and {@code label}
 * (0 or 1) and, optionally, {@code mask} (PNG), {@code diameter_mm}, {@code contrast} and {@code frame}; other columns
 * are ignored. Paths are relative to the list's folder. A folder stands for its {@code labels.csv}. Rows that cannot
 * be used become {@link SliceFailure}s (stage LIST) and the rest is evaluated.
 *
 * @param rows the number of data rows (usable or not)
 */
public record LabelList(Path source, int rows, List<LabelledSlice> slices, List<SliceFailure> problems) {
    /** The list a folder stands for. */
    public static final String FOLDER_LIST = "labels.csv";
    /** Lists larger than this are refused rather than read into memory (about a million rows). */
    static final long MAX_BYTES = 256L << 20;

    public LabelList {
        if (source == null || rows < 0 || slices == null || problems == null) {
            throw new IllegalArgumentException("list needs a source, a row count and lists");
        }
        slices = List.copyOf(slices);
        problems = List.copyOf(problems);
    }

    /** Reads a list file, or the {@value #FOLDER_LIST} of a folder. */
    public static LabelList read(Path listOrFolder) throws EvaluationException {
        Path list = Files.isDirectory(listOrFolder) ? listOrFolder.resolve(FOLDER_LIST) : listOrFolder;
        String text;
        try {
            if (!Files.isRegularFile(list)) {
                throw new EvaluationException(EvaluationException.Reason.LIST_NOT_FOUND, Files.isDirectory(listOrFolder)
                        ? "no " + FOLDER_LIST + " in folder " + listOrFolder : "no such list file: " + list);
            }
            if (Files.size(list) > MAX_BYTES) {
                throw new EvaluationException(EvaluationException.Reason.INVALID_LIST, list + " is larger than "
                        + (MAX_BYTES >> 20) + " MiB");
            }
            text = new String(Files.readAllBytes(list), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvaluationException(EvaluationException.Reason.LIST_NOT_FOUND, "cannot read " + list + ": "
                    + e.getMessage(), e);
        }
        Path base = list.toAbsolutePath().getParent();
        return parse(text, list, base);
    }

    /** Parses list text; {@code base} is the folder relative paths start from. */
    static LabelList parse(String text, Path source, Path base) throws EvaluationException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = Csv.records(text);
        int first = 0;
        while (first < records.size() && records.get(first).blank()) {
            first++;
        }
        if (first == records.size()) {
            throw new EvaluationException(EvaluationException.Reason.INVALID_LIST, source + " is empty");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(first).fields();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        for (String required : List.of("file", "label")) {
            if (!columns.containsKey(required)) {
                throw new EvaluationException(EvaluationException.Reason.INVALID_LIST, source + " has no '" + required
                        + "' column (header: " + String.join(",", header) + ")");
            }
        }
        List<LabelledSlice> slices = new ArrayList<>();
        List<SliceFailure> problems = new ArrayList<>();
        int rows = 0;
        for (Record r : records.subList(first + 1, records.size())) {
            if (r.blank()) {
                continue;
            }
            rows++;
            try {
                slices.add(row(r, columns, header.size(), base));
            } catch (IllegalArgumentException e) {
                String file = r.field(columns.get("file"));
                problems.add(new SliceFailure(r.line(), file == null ? "" : file, SliceFailure.Stage.LIST,
                        "INVALID_ROW", e.getMessage()));
            }
        }
        return new LabelList(source, rows, slices, problems);
    }

    private static LabelledSlice row(Record r, Map<String, Integer> columns, int width, Path base) {
        if (r.fields().size() != width) {
            throw new IllegalArgumentException("expected " + width + " fields, found " + r.fields().size());
        }
        String file = text(r, columns, "file");
        if (file == null) {
            throw new IllegalArgumentException("no file given");
        }
        String label = text(r, columns, "label");
        if (!"0".equals(label) && !"1".equals(label)) {
            throw new IllegalArgumentException("label must be 0 or 1, not '" + (label == null ? "" : label) + "'");
        }
        String mask = text(r, columns, "mask");
        String frame = text(r, columns, "frame");
        int frameIndex;
        try {
            frameIndex = frame == null ? 0 : Integer.parseInt(frame);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("frame must be a whole number, not '" + frame + "'");
        }
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frame must not be negative");
        }
        return new LabelledSlice(r.line(), file, resolve(base, file), frameIndex, "1".equals(label),
                mask == null ? Optional.empty() : Optional.of(resolve(base, mask)), number(r, columns, "diameter_mm"),
                number(r, columns, "contrast"));
    }

    private static Path resolve(Path base, String path) {
        try {
            return base.resolve(path).normalize();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable path: '" + path + "'");
        }
    }

    /** The trimmed field, or null when the column is absent or the field blank. */
    private static String text(Record r, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        String v = i == null ? null : r.field(i);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static OptionalDouble number(Record r, Map<String, Integer> columns, String column) {
        String v = text(r, columns, column);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(d);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number, not '" + v + "'");
        }
    }

    /** One CSV record: the fields and the line it starts on. */
    record Record(int line, List<String> fields) {
        boolean blank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }

        String field(int i) {
            return i < fields.size() ? fields.get(i) : null;
        }
    }

    /** RFC 4180 records: commas, double quotes ("" inside quotes), CRLF or LF; a quoted field may span lines. */
    static final class Csv {
        private Csv() {
        }

        static List<Record> records(String text) {
            List<Record> out = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int line = 1;
            int start = 1;
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    fields.add(field.toString());
                    field.setLength(0);
                    out.add(new Record(start, List.copyOf(fields)));
                    fields.clear();
                    line++;
                    start = line;
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !fields.isEmpty()) {
                fields.add(field.toString());
                out.add(new Record(start, List.copyOf(fields)));
            }
            return out;
        }
    }
}
