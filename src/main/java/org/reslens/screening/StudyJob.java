package org.reslens.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reslens.study.Patient;
import org.reslens.study.Study;

/**
 * One study on its way through the pipeline: its stacks (planned all at once, before any runs), how many are still
 * out, and the failures met. The stack that finishes last hands the study to the writer.
 */
final class StudyJob {
    final Patient patient;
    final Study study;
    /** Position in the plan (0-based). */
    final int ordinal;
    final List<StackJob> stacks = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile long startNanos;

    StudyJob(Patient patient, Study study, int ordinal) {
        this.patient = patient;
        this.study = study;
        this.ordinal = ordinal;
    }

    /** Called once every stack is added: the count the stacks finish against. */
    void planned() {
        remaining.set(stacks.size());
    }

    void started(long nanos) {
        startNanos = nanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** True for the call that finished the last stack. */
    boolean stackFinished() {
        return remaining.decrementAndGet() == 0;
    }

    synchronized void fail(Failure f) {
        failures.add(f);
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }
}
