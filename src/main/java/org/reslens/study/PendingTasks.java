package org.reslens.study;

/** Counts outstanding tasks; unlike a Phaser it has no limit on how many. */
final class PendingTasks {
    private int count;

    synchronized void add() {
        count++;
    }

    synchronized void done() {
        if (--count == 0) {
            notifyAll();
        }
    }

    synchronized void await() throws InterruptedException {
        while (count > 0) {
            wait();
        }
    }
}
