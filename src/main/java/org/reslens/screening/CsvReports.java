package org.reslens.screening;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * results.csv (one row per study, followed by a row per series of it, in rank order) and errors.csv (one row per
 * failed file, stack or output). RFC 4180 quoting, UTF-8 with a byte-order mark so spreadsheet programs read
 * non-ASCII names right, and text cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
final class CsvReports {
    static final List<String> RESULT_COLUMNS = List.of("level", "rank", "flagged", "score", "status", "patient_id",
            "patient_name", "study_uid", "accession", "study_date", "series_uid", "series_number", "modality",
            "body_part", "description", "top_slices", "top_probabilities", "slices", "scored", "failed", "key_image",
            "heatmap_image", "reason", "seconds_wall", "seconds_prepare", "seconds_inference", "model_sha256");
    static final List<String> ERROR_COLUMNS = List.of("location", "study_uid", "stage", "kind", "reason");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvReports() {
    }

    /** Studies by score, highest first; studies without a score after them, in their given order. */
    static List<StudyResult> rank(List<StudyResult> studies) {
        return studies.stream().sorted(Comparator.comparing((StudyResult s) -> s.score() == null)
                .thenComparing(s -> s.score() == null ? 0 : -s.score())).toList();
    }

    static byte[] results(List<StudyResult> ranked) {
        return bytes(out -> writeResults(out, ranked));
    }

    static byte[] errors(List<Failure> failures) {
        return bytes(out -> writeErrors(out, failures));
    }

    /** Writes results.csv row by row (nothing in memory grows with the number of studies). */
    static void writeResults(java.io.OutputStream stream, List<StudyResult> ranked) throws java.io.IOException {
        java.io.Writer w = writer(stream);
        StringBuilder sb = new StringBuilder(4096);
        row(sb, RESULT_COLUMNS);
        int rank = 0;
        for (StudyResult s : ranked) {
            String r = s.score() == null ? "" : Integer.toString(++rank);
            KeyImage k = s.keyImage();
            row(sb, List.of("study", r, flag(s.flagged()), score(s.score()), s.status().name(), text(s.patientId()),
                    text(s.patientName()), text(s.studyInstanceUid()), text(s.accessionNumber()),
                    text(s.studyDate()), "", "", text(String.join("/", s.modalities())), "",
                    text(s.description()), studySlices(s), probabilities(s.topSlices()), "", "", "",
                    k == null ? "" : k.plain(), k == null ? "" : k.overlay(), text(s.reason()),
                    seconds(s.timings().wall()), seconds(s.timings().prepare()), seconds(s.timings().inference()),
                    s.modelSha256()));
            for (SeriesResult se : s.series()) {
                row(sb, List.of("series", r, flag(se.flagged()), score(se.score()), se.status().name(),
                        text(s.patientId()), text(s.patientName()), text(s.studyInstanceUid()),
                        text(s.accessionNumber()), text(s.studyDate()), text(se.seriesInstanceUid()),
                        se.seriesNumber() == null ? "" : se.seriesNumber().toString(), text(se.modality()),
                        text(se.bodyPart()), text(se.description()),
                        se.topSlices().stream().map(t -> Integer.toString(t.slice())).collect(Collectors.joining(";")),
                        probabilities(se.topSlices()), Integer.toString(se.slices()), Integer.toString(se.scored()),
                        Integer.toString(se.failed()), "", "", text(se.reason()), "", "", "", s.modelSha256()));
            }
            w.append(sb);
            sb.setLength(0);
        }
        w.append(sb);
        w.flush();
    }

    static void writeErrors(java.io.OutputStream stream, List<Failure> failures) throws java.io.IOException {
        java.io.Writer w = writer(stream);
        StringBuilder sb = new StringBuilder(1024);
        row(sb, ERROR_COLUMNS);
        for (Failure f : failures) {
            row(sb, List.of(text(f.location()), text(f.study()), f.stage(), f.kind(), text(f.reason())));
            w.append(sb);
            sb.setLength(0);
        }
        w.append(sb);
        w.flush();
    }

    /** Study rows name each top slice as {@code series-number:slice} (series number "?" when the file had none). */
    private static String studySlices(StudyResult s) {
        return s.topSlices().stream().map(t -> seriesNumber(s, t.seriesInstanceUid()) + ":" + t.slice())
                .collect(Collectors.joining(";"));
    }

    private static String seriesNumber(StudyResult s, String seriesUid) {
        for (SeriesResult se : s.series()) {
            if (se.seriesNumber() != null && java.util.Objects.equals(se.seriesInstanceUid(), seriesUid)) {
                return se.seriesNumber().toString();
            }
        }
        return "?";
    }

    private static String probabilities(List<TopSlice> slices) {
        return slices.stream().map(t -> Decimals.fixed(t.probability(), 4))
                .collect(Collectors.joining(";"));
    }

    private static String flag(boolean f) {
        return f ? "yes" : "no";
    }

    private static String score(Double s) {
        return s == null ? "" : Decimals.fixed(s, 4);
    }

    private static String seconds(double s) {
        return Decimals.fixed(s, 3);
    }

    /** Text from the files: a leading = + - @ (or tab/CR) would make a spreadsheet evaluate it. */
    static String text(String v) {
        if (v == null) {
            return "";
        }
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            return "'" + v;
        }
        return v;
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append("\r\n");
    }

    /** UTF-8 with a byte-order mark. */
    private static java.io.Writer writer(java.io.OutputStream stream) throws java.io.IOException {
        stream.write(BOM);
        return new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(org.reslens.dicom.write.AtomicFiles.Content content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            content.writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
