package org.reslens.study;

/** What a stack's display order was derived from, best first; the indexer uses the first one every slice has. */
public enum SliceOrder {
    /** Projection of Image Position (Patient) on the slice normal, ascending. */
    IMAGE_POSITION("position along the slice normal"),
    /** Instance Number, ascending. */
    INSTANCE_NUMBER("Instance Number"),
    /** Acquisition Date/Time, else Content Date/Time, ascending. */
    ACQUISITION_TIME("acquisition time"),
    /** Nothing to go by: frames as stored, files as found (inputs in the order given, folders in name order). */
    FILE_ORDER("file and frame order");

    private final String description;

    SliceOrder(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
