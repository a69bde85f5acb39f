package org.reslens.fuzz;

import java.util.List;
import org.reslens.dicom.Attributes;

/**
 * Reads every element of a parsed data set through the public getters, the way a tag browser would. The getters
 * declare no checked exception, so for hostile values (wrong lengths for the VR, unparsable numbers, broken
 * character sets) they must answer empty or replacement text, never throw.
 */
final class AttributeWalk {
    private AttributeWalk() {
    }

    /** Visits the data set and its items, depth first; returns the number of elements visited. */
    static int touchAll(Attributes ds) {
        int visited = 0;
        ds.characterSet().unknownTerms();
        for (int tag : ds.tags()) {
            visited++;
            ds.vr(tag);
            ds.contains(tag);
            ds.getBytes(tag);
            ds.getBulkData(tag);
            ds.getString(tag);
            ds.getStrings(tag);
            ds.getInts(tag);
            ds.getInt(tag);
            ds.getDoubles(tag);
            ds.getDouble(tag);
            List<Attributes> items = ds.getSequence(tag);
            for (Attributes item : items) {
                if (item.parent() != ds) {
                    throw new AssertionError("item of " + Integer.toHexString(tag) + " does not name its parent");
                }
                visited += touchAll(item);
            }
        }
        return visited;
    }
}
