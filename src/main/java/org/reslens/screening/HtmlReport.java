package org.reslens.screening;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * report.html: the ranked worklist, readable offline in any browser. Key images are PNG files beside it in
 * {@code keyimages/} (linked, not fetched from anywhere); each study shows its top slice without and with the heatmap.
 * The page states the model's status (demonstration only, not for clinical use), which class the score and the
 * heatmap are about, the threshold and the aggregation rule. No external resources; each image's inline {@code onload}
 * marks in a {@code data-loaded} attribute whether it loaded, which tests read from the rendered page.
 */
final class HtmlReport {
    /** Rows of the problems table; the rest are in errors.csv. */
    static final int MAX_PROBLEM_ROWS = 500;

    private HtmlReport() {
    }

    static byte[] render(RunInfo run, List<StudyResult> ranked, List<Failure> failures, boolean complete) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(out, run, ranked, failures, complete);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the page row by row, so its size in memory does not grow with the number of studies. */
    static void write(java.io.OutputStream stream, RunInfo run, List<StudyResult> ranked, List<Failure> failures,
                      boolean complete) throws java.io.IOException {
        java.io.Writer w = new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(16384);
        int flagged = (int) ranked.stream().filter(StudyResult::flagged).count();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ResLens screening: ").append(flagged).append(" of ").append(ranked.size())
                .append(" studies flagged</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>ResLens screening worklist</h1>\n");
        h.append("<p class=\"status\" id=\"model-status\">").append(esc(run.status())).append("</p>\n");
        if (!complete) {
            h.append("<p class=\"partial\">This run has not finished: the list below holds the studies done so"
                    + " far.</p>\n");
        }
        h.append("<dl class=\"facts\">\n");
        fact(h, "Model", run.modelName() + " " + run.modelVersion() + " (SHA-256 " + run.modelSha256() + ")");
        fact(h, "Task", run.task());
        fact(h, "Score", "probability of class '" + run.positiveClassName() + "' per slice; " + run.aggregation()
                + " per series and study");
        fact(h, "Heatmap", "exact Grad-CAM of class '" + run.explainedClassName() + "' (raw logit), normalised per"
                + " image, drawn only at or above the threshold");
        fact(h, "Threshold", String.format(Locale.ROOT, "%s: a study is flagged when its score is at least this",
                trim(run.threshold())));
        fact(h, "De-identified", run.deidentified() ? "yes (PS3.15 Annex E basic profile, stable pseudonyms)" : "no");
        fact(h, "Studies", ranked.size() + " (" + flagged + " flagged)");
        h.append("</dl>\n</header>\n<main>\n");

        h.append("<table id=\"worklist\">\n<thead><tr><th>Rank</th><th>Flag</th><th>Score</th><th>Patient</th>")
                .append("<th>Study date</th><th>Description</th><th>Modality</th><th>Top slices</th>")
                .append("<th>Key image</th><th>With heatmap</th><th>Notes</th></tr></thead>\n<tbody>\n");
        int rank = 0;
        for (StudyResult s : ranked) {
            String r = s.score() == null ? "" : Integer.toString(++rank);
            h.append("<tr class=\"study").append(s.flagged() ? " flagged" : "").append("\" data-rank=\"").append(r)
                    .append("\" data-score=\"").append(s.score() == null ? "" : score(s.score()))
                    .append("\" data-status=\"").append(s.status().name()).append("\">");
            cell(h, r);
            h.append("<td>").append(s.flagged() ? "<span class=\"flag\">FLAGGED</span>" : "").append("</td>");
            h.append("<td class=\"score\">").append(s.score() == null ? "&ndash;" : score(s.score()));
            if (s.score() != null) {
                h.append("<div class=\"bar\"><div style=\"width:").append(Math.round(s.score() * 100))
                        .append("%\"></div></div>");
            }
            h.append("</td>");
            h.append("<td>").append(esc(nz(s.patientName()))).append("<br><small>").append(esc(nz(s.patientId())))
                    .append("</small></td>");
            cell(h, nz(s.studyDate()));
            cell(h, nz(s.description()));
            cell(h, String.join(", ", s.modalities()));
            h.append("<td>");
            for (TopSlice t : s.topSlices()) {
                h.append(esc(seriesLabel(s, t))).append(" slice ").append(t.slice()).append(": ")
                        .append(score(t.probability())).append("<br>");
            }
            h.append("</td>");
            KeyImage k = s.keyImage();
            if (k != null) {
                image(h, k.plain(), k.plainThumbnail(), "key image without heatmap", "key");
                image(h, k.overlay(), k.overlayThumbnail(), "key image with heatmap", "heatmap");
            } else {
                h.append("<td></td><td></td>");
            }
            h.append("<td>");
            if (s.reason() != null) {
                h.append(esc(s.reason())).append("<br>");
            }
            if (k != null && k.note() != null) {
                h.append(esc(k.note())).append("<br>");
            }
            if (!s.failures().isEmpty()) {
                h.append(s.failures().size()).append(" problem(s), see below<br>");
            }
            for (String d : s.dicomResults()) {
                h.append("<a href=\"").append(esc(d)).append("\">").append(esc(d.substring(d.lastIndexOf('/') + 1)))
                        .append("</a><br>");
            }
            h.append("</td></tr>\n");
            drain(h, w);
        }
        h.append("</tbody>\n</table>\n");

        h.append("<h2>Series</h2>\n<table id=\"series\">\n<thead><tr><th>Patient</th><th>Series</th><th>Modality</th>")
                .append("<th>Description</th><th>Status</th><th>Score</th><th>Slices scored</th><th>Reason</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (StudyResult s : ranked) {
            for (SeriesResult se : s.series()) {
                h.append("<tr class=\"series ").append(se.status().name().toLowerCase(Locale.ROOT)).append("\">");
                cell(h, nz(s.patientId()));
                cell(h, se.seriesNumber() == null ? "" : se.seriesNumber().toString());
                cell(h, nz(se.modality()));
                cell(h, nz(se.description()));
                cell(h, se.status().name());
                cell(h, se.score() == null ? "" : score(se.score()));
                cell(h, se.scored() + " of " + se.slices() + (se.failed() > 0 ? " (" + se.failed() + " failed)" : ""));
                cell(h, nz(se.reason()));
                h.append("</tr>\n");
                drain(h, w);
            }
        }
        h.append("</tbody>\n</table>\n");

        h.append("<h2>Problems</h2>\n");
        if (failures.isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<p>").append(failures.size()).append(" file(s) or stack(s) could not be used; all are listed in")
                    .append(" <a href=\"errors.csv\">errors.csv</a>.</p>\n<table id=\"problems\">\n<thead><tr>")
                    .append("<th>File</th><th>Stage</th><th>Kind</th><th>Reason</th></tr></thead>\n<tbody>\n");
            for (Failure f : failures.subList(0, Math.min(failures.size(), MAX_PROBLEM_ROWS))) {
                h.append("<tr class=\"problem\">");
                cell(h, f.location());
                cell(h, f.stage());
                cell(h, f.kind());
                cell(h, f.reason());
                h.append("</tr>\n");
                drain(h, w);
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</main>\n<footer><p>").append(esc(run.status())).append("</p></footer>\n</body>\n</html>\n");
        drain(h, w);
        w.flush();
    }

    private static void drain(StringBuilder h, java.io.Writer w) throws java.io.IOException {
        w.append(h);
        h.setLength(0);
    }

    private static String seriesLabel(StudyResult s, TopSlice t) {
        for (SeriesResult se : s.series()) {
            if (java.util.Objects.equals(se.seriesInstanceUid(), t.seriesInstanceUid())) {
                return "series " + (se.seriesNumber() == null ? "?" : se.seriesNumber());
            }
        }
        return "series ?";
    }

    private static void image(StringBuilder h, String full, String thumb, String alt, String kind) {
        h.append("<td><a href=\"").append(esc(full)).append("\"><img class=\"").append(kind).append("\" src=\"")
                .append(esc(thumb)).append("\" alt=\"").append(esc(alt))
                .append("\" loading=\"eager\" onload=\"this.dataset.loaded='yes'\"")
                .append(" onerror=\"this.dataset.loaded='no'\">")
                .append("</a></td>");
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(nz(value))).append("</dd>\n");
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(esc(text)).append("</td>");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String score(double s) {
        return Decimals.fixed(s, 4);
    }

    private static String trim(double v) {
        return Double.toString(v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111; }
            .status { background: #fff3cd; border: 1px solid #e0b000; padding: .6em; font-weight: bold; }
            .partial { background: #e7f1ff; padding: .4em; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
            dt { font-weight: bold; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
            tr.flagged { background: #fde2e2; }
            .flag { color: #a00; font-weight: bold; }
            .bar { width: 6em; height: .5em; background: #eee; }
            .bar div { height: 100%; background: #c33; }
            img { width: 160px; height: auto; }
            """;
}
