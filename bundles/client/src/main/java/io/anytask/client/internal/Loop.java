package io.anytask.client.internal;

/**
 * The event loop that owns a client's pool state: one thread runs every task and timer in turn. Only
 * {@link #execute(Runnable)} may be called from other threads; everything else runs on the loop.
 */
public interface Loop {

    /** Runs {@code task} on the loop, after the tasks already submitted; callable from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delayNanos}; loop only. */
    Scheduled schedule(long delayNanos, Runnable task);

    /** The loop's monotonic clock, in nanoseconds. */
    long nanoTime();

    /** True on the loop's own thread. */
    boolean inLoop();

    /** A timer that can be cancelled; cancelling after it ran, or twice, does nothing. */
    interface Scheduled {
        void cancel();
    }
}
