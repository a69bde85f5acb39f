package org.reslens.screening;

import java.util.List;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.imaging.GridMapping;
import org.reslens.inference.FeatureMap;
import org.reslens.study.Location;
import org.reslens.study.Series;
import org.reslens.study.Slice;
import org.reslens.study.Stack;

/**
 * One stack on its way through the pipeline: how many of its slices came back from the model (scored or failed), its
 * best slices, and the time spent on it. Thread-safe: workers, the inference thread and the writer all touch it.
 */
final class StackJob {
    final StudyJob study;
    final Series series;
    final Stack stack;
    /** 1-based within its series. */
    final int number;
    private final int order;
    private final TopSlices top;
    private int received;
    private int scored;
    private int failed;
    private long prepareNanos;
    private long inferenceNanos;
    private String skipReason;
    private String bodyPart;
    private List<String> notes = List.of();
    private DicomFile shared;

    StackJob(StudyJob study, Series series, Stack stack, int number, int order, int keep) {
        this.study = study;
        this.series = series;
        this.stack = stack;
        this.number = number;
        this.order = order;
        this.top = new TopSlices(keep);
    }

    /** Position among the study's stacks, for deterministic tie-breaking. */
    int order() {
        return order;
    }

    int slices() {
        return stack.frames();
    }

    synchronized void skip(String reason) {
        this.skipReason = reason;
    }

    synchronized String skipReason() {
        return skipReason;
    }

    synchronized void accepted(String bodyPart, List<String> notes) {
        this.bodyPart = bodyPart;
        this.notes = List.copyOf(notes);
    }

    synchronized String bodyPart() {
        return bodyPart;
    }

    synchronized List<String> notes() {
        return notes;
    }

    /** True when a slice with this probability would now be the stack's best, so its feature map is worth keeping. */
    boolean wouldLead(int index, double probability) {
        return top.wouldLead(this, index, probability);
    }

    /** Records a scored slice; true when that was the stack's last. */
    synchronized boolean scored(int index, Slice slice, String sopClassUid, double probability, GridMapping mapping,
                                FeatureMap features, long prepare, long inference) {
        top.offer(new TopSlices.Scored(this, index, slice, sopClassUid, probability, mapping, features));
        scored++;
        prepareNanos += prepare;
        inferenceNanos += inference;
        return ++received == stack.frames();
    }

    /** Records a slice that could not be scored; true when that was the stack's last. */
    synchronized boolean failed(long prepare) {
        failed++;
        prepareNanos += prepare;
        return ++received == stack.frames();
    }

    synchronized int scoredCount() {
        return scored;
    }

    synchronized int failedCount() {
        return failed;
    }

    synchronized long prepareNanos() {
        return prepareNanos;
    }

    synchronized long inferenceNanos() {
        return inferenceNanos;
    }

    /**
     * The one file of a multi-frame stack, opened once for all its frames (every frame would otherwise parse the
     * header again); let go with {@link #release} when the stack is done.
     */
    synchronized DicomFile sharedFile(Location location) throws DicomException {
        if (shared == null) {
            shared = location.open();
        }
        return shared;
    }

    synchronized void release() {
        shared = null;
    }

    /** Drops the kept slices once the study's results are written, so finished studies cost no feature maps. */
    void forgetSlices() {
        top.clear();
    }

    List<TopSlices.Scored> best() {
        return top.list();
    }
}
