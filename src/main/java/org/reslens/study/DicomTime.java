package org.reslens.study;

/** DA and TM values (PS3.5 6.2) as seconds since an arbitrary epoch, for ordering slices by acquisition time. */
final class DicomTime {
    private DicomTime() {
    }

    /** Seconds of date + time; null when the time is missing or unparsable (an unparsable date counts as day 0). */
    static Double seconds(String da, String tm) {
        Double time = timeOfDay(tm);
        if (time == null) {
            return null;
        }
        long day = day(da);
        return day * 86400.0 + time;
    }

    /** TM: HH[MM[SS[.F{1,6}]]], also the ACR-NEMA form HH:MM:SS. */
    static Double timeOfDay(String tm) {
        if (tm == null) {
            return null;
        }
        String s = tm.trim().replace(":", "");
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        if (whole.length() < 2 || whole.length() > 6 || whole.length() % 2 != 0 || !digits(whole)) {
            return null;
        }
        int h = Integer.parseInt(whole.substring(0, 2));
        int m = whole.length() >= 4 ? Integer.parseInt(whole.substring(2, 4)) : 0;
        int sec = whole.length() == 6 ? Integer.parseInt(whole.substring(4, 6)) : 0;
        double frac = 0;
        if (dot >= 0) {
            String f = s.substring(dot + 1);
            if (f.isEmpty() || f.length() > 6 || !digits(f)) {
                return null;
            }
            frac = Integer.parseInt(f) / Math.pow(10, f.length());
        }
        if (h > 23 || m > 59 || sec > 60) {
            return null;
        }
        return h * 3600.0 + m * 60.0 + sec + frac;
    }

    /** Days since 0000-01-01 by a proleptic count; only differences matter. 0 when absent or unparsable. */
    private static long day(String da) {
        if (da == null) {
            return 0;
        }
        String s = da.trim().replace(".", "");
        if (s.length() != 8 || !digits(s)) {
            return 0;
        }
        int y = Integer.parseInt(s.substring(0, 4));
        int m = Integer.parseInt(s.substring(4, 6));
        int d = Integer.parseInt(s.substring(6, 8));
        if (m < 1 || m > 12 || d < 1 || d > 31) {
            return 0;
        }
        return java.time.LocalDate.of(y, m, Math.min(d, java.time.YearMonth.of(y, m).lengthOfMonth())).toEpochDay();
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
