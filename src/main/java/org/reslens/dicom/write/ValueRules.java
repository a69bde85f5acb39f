package org.reslens.dicom.write;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/** The PS3.5 6.2 rules a text value must meet to be written: repertoire, length and format per VR. */
final class ValueRules {
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern CS = Pattern.compile("[A-Z0-9 _]*");
    private static final Pattern DA = Pattern.compile("(\\d{4})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])");
    private static final Pattern TM = Pattern.compile("([01]\\d|2[0-3])([0-5]\\d([0-5]\\d(\\.\\d{1,6})?)?)?");
    private static final Pattern DT = Pattern.compile(
            "\\d{4}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?)?)?)?"
            + "([+-]\\d{4})?");
    private static final Pattern DS = Pattern.compile(" *[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)? *");
    private static final Pattern IS = Pattern.compile(" *[+-]?\\d+ *");
    private static final Pattern AS = Pattern.compile("\\d{3}[DWMY]");

    private ValueRules() {
    }

    /** LT, ST, UT and UR hold exactly one value, which may contain backslashes. */
    static boolean singleValued(VR vr) {
        return vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7E) {
                return false;
            }
        }
        return true;
    }

    static void checkText(int tag, VR vr, String v) {
        if (v == null) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": null value (use putEmpty)");
        }
        String where = Tags.tagString(tag) + " " + vr + " '" + abbreviate(v) + "': ";
        boolean freeText = vr == VR.LT || vr == VR.ST || vr == VR.UT;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && !(freeText && (c == '\r' || c == '\n' || c == '\f' || c == '\t')) || c == 0x7F) {
                throw new IllegalArgumentException(where + "control character " + (int) c);
            }
            if (c == '\\' && !singleValued(vr)) {
                throw new IllegalArgumentException(where + "a backslash separates values; pass values separately");
            }
        }
        if (vr.kind() == VR.Kind.TEXT_DEFAULT && !isAscii(v)) {
            throw new IllegalArgumentException(where + vr + " allows only the default (ASCII) repertoire");
        }
        int max = maxChars(vr);
        if (vr == VR.PN) {
            for (String group : v.split("=", -1)) {
                if (group.length() > 64) {
                    throw new IllegalArgumentException(where + "a PN component group holds at most 64 characters");
                }
            }
        } else if (v.length() > max) {
            throw new IllegalArgumentException(where + "longer than the " + max + " characters " + vr + " allows");
        }
        if (v.isEmpty()) {
            return;
        }
        Pattern format = switch (vr) {
            case UI -> UID;
            case CS -> CS;
            case DA -> DA;
            case TM -> TM;
            case DT -> DT;
            case DS -> DS;
            case IS -> IS;
            case AS -> AS;
            default -> null;
        };
        if (format != null && !format.matcher(v).matches()) {
            throw new IllegalArgumentException(where + "not a valid " + vr + " value");
        }
        if (vr == VR.IS) {
            long n = Long.parseLong(v.trim().replace("+", ""));
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + "IS values must fit 32 bits");
            }
        }
        if (vr == VR.DS && !Double.isFinite(Double.parseDouble(v.trim()))) {
            throw new IllegalArgumentException(where + "not finite");
        }
    }

    /** Short-header VRs have a 16-bit length: the joined, padded value must fit it. */
    static void checkTotalLength(int tag, VR vr, String[] values) {
        long bytes = Math.max(0, values.length - 1);
        for (String v : values) {
            bytes += v.getBytes(StandardCharsets.UTF_8).length;
        }
        bytes += bytes % 2;
        if (!vr.hasLongHeader() && bytes > 0xFFFF) {
            throw new IllegalArgumentException(Tags.tagString(tag) + ": " + bytes + " bytes do not fit " + vr
                    + "'s 16-bit length");
        }
    }

    private static int maxChars(VR vr) {
        return switch (vr) {
            case AE, CS, SH, DS -> 16;
            case AS -> 4;
            case DA -> 8;
            case DT -> 26;
            case IS -> 12;
            case LO, UI -> 64;
            case TM -> 13;
            case ST -> 1024;
            case LT -> 10240;
            default -> Integer.MAX_VALUE;
        };
    }

    /**
     * A Decimal String of at most 16 characters for {@code v}: plain notation with as many significant digits as fit,
     * scientific notation when the magnitude needs it.
     */
    static String decimal(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("DS values must be finite: " + v);
        }
        if (v == 0) {
            return "0";
        }
        for (int digits = 15; digits >= 1; digits--) {
            BigDecimal b = new BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros();
            String plain = b.toPlainString();
            if (plain.length() <= 16) {
                return plain;
            }
            String sci = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "E", v).replace("E+", "E");
            if (sci.length() <= 16) {
                return sci;
            }
        }
        throw new IllegalArgumentException("cannot write " + v + " as a DS");
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }
}
