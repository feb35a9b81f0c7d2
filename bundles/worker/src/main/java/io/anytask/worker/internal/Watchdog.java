package io.anytask.worker.internal;

import java.time.Duration;

/**
 * Ends the process when one request, or a renewal (the interface's bundles stopping and starting), runs longer
 * than the hung-worker timeout (SPEC.md section 4): the peer then sees its connection close. A daemon thread that
 * sleeps while nothing runs.
 */
public final class Watchdog {
    private final Duration timeout;
    private final Runnable beforeHalt;
    /** When the running request must be done, in {@link System#nanoTime()} terms; guarded by {@code this}. */
    private long deadline;
    private boolean running;

    /**
     * A watchdog; {@link Duration#ZERO} turns it off.
     *
     * @param beforeHalt runs just before the process halts (best-effort clean-up; must not block)
     */
    public Watchdog(Duration timeout, Runnable beforeHalt) {
        this.timeout = timeout;
        this.beforeHalt = beforeHalt;
        if (!timeout.isZero()) {
            Thread thread = new Thread(this::watch, "anytask-hung-worker-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A request starts now. */
    public synchronized void begin() {
        deadline = System.nanoTime() + timeout.toNanos();
        running = true;
        notifyAll();
    }

    /** The request has ended. */
    public synchronized void end() {
        running = false;
    }

    private synchronized void watch() {
        while (true) {
            try {
                if (!running) {
                    wait();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("anytask worker: hung worker timeout: a request (or a renewal) ran longer than "
                + timeout.toMillis() / 1000.0 + " s; exiting");
        try {
            beforeHalt.run();
        } finally {
            Runtime.getRuntime().halt(Worker.EXIT_HUNG);
        }
    }
}
