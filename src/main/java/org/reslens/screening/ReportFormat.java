package org.reslens.screening;

import java.util.Locale;

/** The report files a screening can write besides errors.csv (always written). */
public enum ReportFormat {
    /** results.csv: one row per study and per series. */
    CSV("csv"),
    /** results.json: the same rows with the run's facts; what {@code --resume} reads. */
    JSON("json"),
    /** report.html: the ranked worklist with key images, viewable offline. */
    HTML("html");

    private final String term;

    ReportFormat(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    /** "csv", "json" or "html", any case; null for anything else. */
    public static ReportFormat ofTerm(String term) {
        String t = term == null ? "" : term.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.term.equals(t)) {
                return f;
            }
        }
        return null;
    }
}
