package io.anytask.worker.internal;

import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleContext;

/**
 * Prepares a ready worker and runs the request path while it waits for its connection, so that the first requests
 * of the client do not run that code for the first time (class loading and initialisation, interpreted code, the
 * JSON mapper's caches): on a thread of its own, while the worker's main thread waits for the hand-off and serves
 * it as soon as it arrives. First the {@code prepare} step (the interface's method table and the codec: work the
 * first request would do otherwise, so {@link #stop()} waits for it), then the rounds, then {@code whenWarm}
 * (the worker tells its server it is warm), unless stopped first.
 *
 * <p>It calls only {@link WarmUpInterface} (never the user's interface, its setup or checkout done), on a
 * connection that a private socket pair passes through the worker's own descriptor hand-off (the code a client's
 * connection goes through, socket reads and writes included); its replies and deferred logs are dropped and it
 * writes nothing. It stops after {@value #ROUNDS} rounds, after {@link #TIME_LIMIT}, or at the end
 * of the round that is running when {@link #stop()} is called, whichever comes first. A failure ends it silently
 * (the trace of {@link StartupTrace} shows it, and how many rounds ran): the worker serves as it would have without it.
 */
final class IdleWarmUp {
    /**
     * Rounds of 6 or 7 requests. Since the rounds go through the socket and hand-off path, the server benchmark's
     * first reply with a warm worker was the same within its noise for 30, 60 and 150 rounds (2.3, 2.4, 2.4 ms
     * median), while the warm-up took 0.23, 0.28 and 0.35 s after ready and left the idle worker at 60.0, 61.6 and
     * 62.3 MB; more rounds only make the second request faster (0.9, 0.8, 0.55 ms). See
     * bench/results/worker-first-reply.txt.
     */
    static final int ROUNDS = 30;
    /** The first rounds, which go through every kind of request (the others through the common ones only). */
    static final int FULL_ROUNDS = 3;
    /** The longest a warm-up runs, for a loaded machine. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(3);
    private static final Duration INTERFACE_WAIT = Duration.ofSeconds(2);

    private final Thread thread;
    private final CountDownLatch prepared = new CountDownLatch(1);
    private volatile boolean stopped;

    private final boolean withRounds;

    private IdleWarmUp(Runnable prepare, BundleContext context, InterfaceTracker registry, Runnable whenWarm,
            boolean rounds) {
        this.withRounds = rounds;
        thread = new Thread(() -> run(prepare, context, registry, whenWarm), "anytask-idle-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts preparing and warming up in the background.
     *
     * @param rounds whether to run the request path's rounds after {@code prepare}: not after a renewal, when the
     *     JVM has run that path for its earlier clients (the rounds use only the worker's own code)
     */
    static IdleWarmUp start(Runnable prepare, BundleContext context, InterfaceTracker registry, Runnable whenWarm,
            boolean rounds) {
        IdleWarmUp warmUp = new IdleWarmUp(prepare, context, registry, whenWarm, rounds);
        warmUp.thread.start();
        return warmUp;
    }

    /**
     * Asks the warm-up to stop after the round it is running, and waits until the {@code prepare} step is over: it
     * touches the user's interface, which serves one thread at a time.
     */
    void stop() {
        stopped = true;
        boolean interrupted = false;
        while (true) {
            try {
                prepared.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits (at most a little longer than a warm-up may run) until the warm-up thread has ended, after
     * {@link #stop()}: it holds the interface, which a renewal discards.
     */
    void awaitEnd() {
        try {
            thread.join(TIME_LIMIT.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Runnable prepare, BundleContext context, InterfaceTracker registry, Runnable whenWarm) {
        try {
            prepare.run();
        } finally {
            prepared.countDown();
        }
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        int[] rounds = {0};
        try {
            if (stopped) {
                return;
            }
            if (!withRounds) {
                whenWarm.run();
                return;
            }
            TaskInterface iface = WarmUp.warmUpInterface(context, registry, INTERFACE_WAIT);
            WarmUp.serveRounds(iface, FULL_ROUNDS, () -> {
                if (rounds[0] >= ROUNDS || stopped || System.nanoTime() - deadline >= 0) {
                    return false;
                }
                rounds[0]++;
                return true;
            });
            StartupTrace.mark("idle warm-up: " + rounds[0] + " rounds" + (stopped ? ", stopped by the hand-off" : ""));
        } catch (Exception | LinkageError e) {
            StartupTrace.mark("idle warm-up failed after " + rounds[0] + " rounds: " + e);
            if (!stopped) { // a failure that no hand-off explains: the worker serves, but colder than it should
                System.err.println("anytask worker: idle warm-up failed after " + rounds[0] + " rounds: " + e);
            }
        }
        if (!stopped) {
            // also after a failure: the worker is as warm as it will get
            whenWarm.run();
        }
    }
}
