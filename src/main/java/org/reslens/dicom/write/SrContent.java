package org.reslens.dicom.write;

import java.util.List;
import org.reslens.dicom.Tags;
import org.reslens.dicom.VR;

/** SR content items (PS3.3 C.17.3) as sequence items: relationship, value type, concept name, value, children. */
final class SrContent {
    static final String CONTAINS = "CONTAINS";
    static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    static final String INFERRED_FROM = "INFERRED FROM";

    private SrContent() {
    }

    static DataSet container(String relationship, Code concept, List<DataSet> children) {
        DataSet item = start(relationship, "CONTAINER", concept);
        item.put(WriteTags.ContinuityOfContent, VR.CS, "SEPARATE");
        return children(item, children);
    }

    static DataSet code(String relationship, Code concept, Code value) {
        return start(relationship, "CODE", concept).putSequence(WriteTags.ConceptCodeSequence, value.toItem());
    }

    static DataSet text(String relationship, Code concept, String text) {
        return start(relationship, "TEXT", concept).put(WriteTags.TextValue, VR.UT, text);
    }

    static DataSet uidRef(String relationship, Code concept, String uid) {
        return start(relationship, "UIDREF", concept).put(WriteTags.UID, VR.UI, uid);
    }

    static DataSet num(String relationship, Code concept, double value, Code units, List<DataSet> children) {
        DataSet measured = new DataSet().putDecimal(WriteTags.NumericValue, value)
                .putSequence(WriteTags.MeasurementUnitsCodeSequence, units.toItem());
        DataSet item = start(relationship, "NUM", concept).putSequence(WriteTags.MeasuredValueSequence, measured);
        return children(item, children);
    }

    /** An IMAGE item; {@code concept} may be null where the template gives the item no name (an image library). */
    static DataSet image(String relationship, Code concept, SourceImage image) {
        return start(relationship, "IMAGE", concept).putSequence(WriteTags.ReferencedSOPSequence,
                Modules.sopReference(image));
    }

    private static DataSet start(String relationship, String valueType, Code concept) {
        DataSet item = new DataSet();
        if (relationship != null) {
            item.put(WriteTags.RelationshipType, VR.CS, relationship);
        }
        item.put(WriteTags.ValueType, VR.CS, valueType);
        if (concept != null) {
            item.putSequence(WriteTags.ConceptNameCodeSequence, concept.toItem());
        }
        return item;
    }

    private static DataSet children(DataSet item, List<DataSet> children) {
        if (!children.isEmpty()) {
            item.putSequence(Tags.ContentSequence, children);
        }
        return item;
    }
}
