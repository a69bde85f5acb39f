package org.reslens.study;

/**
 * Hears how indexing proceeds. Called from whichever thread finished a file (the executor's), possibly
 * concurrently with other callbacks; a UI hands the figures to its own thread. Counts never decrease.
 */
@FunctionalInterface
public interface IndexListener {
    IndexListener NONE = progress -> { };

    void progress(Progress progress);

    /**
     * @param seen    files and archive entries found so far
     * @param indexed of those, read successfully (objects without pixels and DICOMDIRs included)
     * @param failed  of those, reported as failures
     */
    record Progress(int seen, int indexed, int failed) {
        public Progress {
            if (seen < 0 || indexed < 0 || failed < 0) {
                throw new IllegalArgumentException("counts cannot be negative");
            }
        }

        public int done() {
            return indexed + failed;
        }
    }
}
