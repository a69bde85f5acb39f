package org.reslens.evaluation;

/**
 * A list row or slice that could not be evaluated, and why; counted and reported, never fatal to the run.
 *
 * @param kind the source's error kind (a DicomException kind, an inference or imaging reason, BAD_MASK, ...)
 */
public record SliceFailure(int line, String file, Stage stage, String kind, String message) {
    /** Where in the pipeline the slice failed. */
    public enum Stage {
        /** The list row itself (missing field, bad label or number). */
        LIST("list"),
        /** Reading or decoding the DICOM file. */
        READ("read"),
        /** The model does not accept the image, or preprocessing refused it. */
        PREPARE("prepare"),
        /** The lesion mask. */
        MASK("mask"),
        /** Running the model or Grad-CAM. */
        INFER("infer");

        private final String term;

        Stage(String term) {
            this.term = term;
        }

        public String term() {
            return term;
        }
    }

    public SliceFailure {
        if (line < 1 || file == null || stage == null || kind == null || message == null) {
            throw new IllegalArgumentException("failure needs a line, a file, a stage, a kind and a message");
        }
    }
}
