package org.reslens.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.reslens.dicom.DicomException;

/**
 * Tallies what the ImageIO plugins (TwelveMonkeys JPEG, jai-imageio JPEG 2000) threw inside our adapters, by
 * exception type and the plugin frame it came from. The adapters must wrap these into {@link DicomException}; the
 * tally shows what the wrapping absorbs (and is the figure for docs/fuzzing.md).
 */
final class ThirdPartyFailures {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private ThirdPartyFailures() {
    }

    /** Records the plugin's throwable behind a wrapped failure, if there is one. */
    static void record(String decoder, DicomException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return;
        }
        String where = "";
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("javax.")) {
                where = " at " + frame.getClassName() + "." + frame.getMethodName();
                break;
            }
        }
        COUNTS.computeIfAbsent(decoder + ": " + cause.getClass().getName() + where, k -> new LongAdder()).increment();
    }

    /** One line per kind of failure, most frequent first. */
    static String summary() {
        Map<String, Long> sorted = new TreeMap<>();
        COUNTS.forEach((k, v) -> sorted.put(k, v.sum()));
        StringBuilder sb = new StringBuilder();
        sorted.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(String.format("%10d  %s%n", e.getValue(), e.getKey())));
        return sb.toString();
    }
}
