package org.reslens.cli;

import java.util.List;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.BulkData;
import org.reslens.dicom.DataDictionary;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.DictionaryEntry;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/** A readable listing of every attribute, sequences indented, long values cut. */
final class AttributeDump {
    private static final int MAX_VALUE = 80;

    private AttributeDump() {
    }

    static String dump(DicomFile df) {
        StringBuilder sb = new StringBuilder();
        if (df.fileMeta() != null) {
            sb.append("  # File Meta Information\n");
            dump(sb, df.fileMeta(), 1);
        }
        sb.append("  # Data set\n");
        dump(sb, df.dataset(), 1);
        df.pixelData().ifPresent(pd -> sb.append("  (7FE0,0010) ").append(pd.vr()).append(" PixelData ")
                .append(pd.encapsulated() ? "encapsulated" : pd.length() + " bytes").append(" at offset ")
                .append(pd.valueOffset()).append('\n'));
        return sb.toString();
    }

    private static void dump(StringBuilder sb, Attributes a, int depth) {
        DataDictionary dict = DataDictionary.standard();
        for (int tag : a.tags()) {
            VR vr = a.vr(tag);
            String keyword = dict.byTag(tag).map(DictionaryEntry::keyword).orElse(Tags.isPrivate(tag) ? "Private" : "?");
            sb.append("  ".repeat(depth)).append(Tags.tagString(tag)).append(' ').append(vr).append(' ')
                    .append(keyword).append(' ');
            if (vr == VR.SQ) {
                List<Attributes> items = a.getSequence(tag);
                sb.append(items.size()).append(" item(s)\n");
                int n = 1;
                for (Attributes item : items) {
                    sb.append("  ".repeat(depth + 1)).append("> item ").append(n++).append('\n');
                    dump(sb, item, depth + 2);
                }
                continue;
            }
            Object raw = a.rawValue(tag);
            if (raw instanceof BulkData b) {
                sb.append("[").append(b.length()).append(" bytes at offset ").append(b.offset()).append("]\n");
                continue;
            }
            String value;
            if (vr.isText() || vr == VR.US || vr == VR.SS || vr == VR.UL || vr == VR.SL || vr == VR.FL
                    || vr == VR.FD || vr == VR.AT || vr == VR.SV || vr == VR.UV) {
                value = "[" + String.join("\\", a.getStrings(tag)) + "]";
            } else {
                byte[] b = a.getBytes(tag);
                value = "(" + (b == null ? 0 : b.length) + " bytes)";
            }
            if (value.length() > MAX_VALUE) {
                value = value.substring(0, MAX_VALUE - 3) + "...";
            }
            sb.append(value).append('\n');
        }
    }
}
