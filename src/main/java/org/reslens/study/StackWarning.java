package org.reslens.study;

/** Something about a stack's geometry or content a reader should know before trusting distances or 3D views. */
public record StackWarning(Kind kind, String message) {
    public StackWarning {
        if (kind == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a warning needs a kind and a message");
        }
    }

    public enum Kind {
        /** Consecutive slices further apart than 1.5 times the stack's spacing: slices are probably missing. */
        GAP,
        /** Two or more slices at the same position (repeated acquisitions, phases, or copies). */
        DUPLICATE_POSITION,
        /** Steps between slices that differ from the median spacing by more than the tolerance, without a gap. */
        IRREGULAR_SPACING,
        /** Slices offset in-plane from one another (gantry tilt or shear): the stack is not a right prism. */
        SHEARED,
        /** Some slices have a position and some do not, so the stack is ordered by a weaker criterion. */
        INCOMPLETE_GEOMETRY,
        /** The same SOP Instance UID was found more than once; later copies were left out. */
        DUPLICATE_INSTANCE,
        /** Some slices use a transfer syntax whose pixels ResLens cannot decode. */
        UNSUPPORTED_TRANSFER_SYNTAX
    }
}
