package org.reslens.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.reslens.imaging.ModelInput;
import org.reslens.inference.InferenceException;
import org.reslens.inference.ModelSession;
import org.reslens.inference.Prediction;

/**
 * The consumer of the pipeline, on its own thread: takes prepared slices off the queue, runs them through the model
 * in batches (slices of different stacks and studies share a batch), and records each probability with its stack.
 * Every slice taken off the queue gives its permit back, which lets the feeder prepare the next one: at most
 * {@code permits} prepared slices exist at any time, however large the input.
 */
final class InferenceLoop implements Runnable {
    /** Hears when a stack has all its slices back. */
    interface StackSink {
        /** A slice came back (scored or failed). */
        void sliceDone();

        void stackDone(StackJob job) throws InterruptedException;
    }

    /** How long to wait for more slices to fill a batch before running a partial one. */
    private static final long FILL_WAIT_MICROS = 2000;

    private final BlockingQueue<Prepared> queue;
    private final Semaphore permits;
    private final ModelSession session;
    private final int batchSize;
    private final int positiveClass;
    private final StackSink sink;
    private final BooleanSupplier stopping;
    private final Identity identity;
    private long busyNanos;
    private long slices;
    private volatile Throwable fatal;

    InferenceLoop(BlockingQueue<Prepared> queue, Semaphore permits, ModelSession session, int batchSize,
                  int positiveClass, StackSink sink, BooleanSupplier stopping, Identity identity) {
        this.queue = queue;
        this.permits = permits;
        this.session = session;
        this.batchSize = batchSize;
        this.positiveClass = positiveClass;
        this.sink = sink;
        this.stopping = stopping;
        this.identity = identity;
    }

    @Override
    public void run() {
        try {
            List<Prepared> batch = new ArrayList<>(batchSize);
            while (true) {
                Prepared first = queue.take();
                if (first == Prepared.END) {
                    return;
                }
                batch.clear();
                batch.add(first);
                boolean end = fill(batch);
                runBatch(batch);
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fatal = e;
        }
    }

    /** Adds what is queued, waiting briefly for stragglers; true when END was met (it is not put back). */
    private boolean fill(List<Prepared> batch) throws InterruptedException {
        while (batch.size() < batchSize) {
            Prepared next = queue.poll(FILL_WAIT_MICROS, TimeUnit.MICROSECONDS);
            if (next == null) {
                return false;
            }
            if (next == Prepared.END) {
                return true;
            }
            batch.add(next);
        }
        return false;
    }

    private void runBatch(List<Prepared> batch) throws InterruptedException {
        if (stopping.getAsBoolean()) {
            // A stopped run records nothing more: a half-done study must be screened again on --resume.
            permits.release(batch.size());
            return;
        }
        List<Prepared> ok = new ArrayList<>(batch.size());
        for (Prepared p : batch) {
            if (p.ok()) {
                ok.add(p);
            } else {
                p.job().study.fail(p.failure());
                finish(p.job(), p.job().failed(p.prepareNanos()));
            }
        }
        if (ok.isEmpty()) {
            permits.release(batch.size());
            return;
        }
        List<ModelInput> inputs = new ArrayList<>(ok.size());
        for (Prepared p : ok) {
            inputs.add(p.input());
        }
        long t0 = System.nanoTime();
        List<Prediction> predictions;
        try {
            // Only a slice that would now lead its stack can become a key image: the others' feature maps are not
            // copied out of the model's output at all.
            predictions = session.predictAll(inputs, batchSize, (i, probabilities) -> {
                Prepared p = ok.get(i);
                return p.job().wouldLead(p.index(), clamp(probabilities[positiveClass]));
            }, () -> false);
        } catch (InferenceException e) {
            long share = (System.nanoTime() - t0) / ok.size();
            busyNanos += System.nanoTime() - t0;
            permits.release(batch.size());
            for (Prepared p : ok) {
                p.job().study.fail(new Failure(identity.location(p.job().stack.slices().get(p.index()).location()),
                        identity.uid(p.job().study.study.studyInstanceUid()), "infer", e.reason().name(),
                        identity.scrub(e.getMessage())));
                finish(p.job(), p.job().failed(p.prepareNanos() + share));
            }
            return;
        }
        long spent = System.nanoTime() - t0;
        busyNanos += spent;
        slices += ok.size();
        // Inputs are no longer needed: let the workers prepare more before the results are recorded.
        permits.release(batch.size());
        long share = spent / ok.size();
        for (int i = 0; i < ok.size(); i++) {
            Prepared p = ok.get(i);
            Prediction pr = predictions.get(i);
            double prob = clamp(pr.probability(positiveClass));
            boolean done = p.job().scored(p.index(), p.job().stack.slices().get(p.index()), p.sopClassUid(), prob,
                    p.input().mapping(), pr.features().orElse(null), p.prepareNanos(), share);
            finish(p.job(), done);
        }
    }

    private void finish(StackJob job, boolean done) throws InterruptedException {
        sink.sliceDone();
        if (done) {
            job.release();
            sink.stackDone(job);
        }
    }

    /** A probability outside 0..1 (a model without an activation) is clamped; NaN counts as 0. */
    private static double clamp(double p) {
        return Double.isNaN(p) ? 0 : Math.max(0, Math.min(1, p));
    }

    /** Time the model was running. */
    long busyNanos() {
        return busyNanos;
    }

    long slices() {
        return slices;
    }

    Throwable fatal() {
        return fatal;
    }
}
