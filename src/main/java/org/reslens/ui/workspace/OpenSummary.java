package org.reslens.ui.workspace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reslens.dicom.ErrorKind;
import org.reslens.study.IndexFailure;

/** One notice for all the inputs an open could not read: how many, of which kinds, and the list for details. */
public final class OpenSummary {
    /**
     * Details list at most this many files; the rest are counted. High enough that a folder of a thousand or so broken
     * files is listed in full (the list is a plain text area), low enough that a runaway folder stays cheap.
     */
    static final int MAX_DETAILS = 5000;

    private OpenSummary() {
    }

    /** Null when nothing failed. */
    public static Notice of(List<IndexFailure> failures, int imagesFound) {
        if (failures.isEmpty()) {
            return null;
        }
        Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
        for (IndexFailure f : failures) {
            kinds.merge(f.kind(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((k, n) -> parts.add(n + " " + describe(k, n)));
        int n = failures.size();
        String title = n + (n == 1 ? " file could not be opened" : " files could not be opened");
        String text = String.join(", ", parts) + (imagesFound > 0 ? ". The other files were opened." : ".");
        List<String> details = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_DETAILS, n); i++) {
            IndexFailure f = failures.get(i);
            details.add(f.location() + ": " + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " \u2014 "
                    + f.message() + (f.offset() >= 0 && !f.message().contains("offset") ? " (at byte " + f.offset()
                    + ")" : ""));
        }
        if (n > MAX_DETAILS) {
            details.add("\u2026 and " + (n - MAX_DETAILS) + " more");
        }
        return new Notice(imagesFound > 0 ? Notice.Level.WARNING : Notice.Level.ERROR, title, text, details);
    }

    private static String describe(ErrorKind k, int n) {
        return switch (k) {
            case NOT_DICOM -> "not DICOM";
            case MALFORMED -> "damaged";
            case TRUNCATED -> "truncated";
            case UNSUPPORTED_TRANSFER_SYNTAX -> "in an unsupported encoding";
            case IO -> n == 1 ? "unreadable" : "unreadable";
        };
    }
}
