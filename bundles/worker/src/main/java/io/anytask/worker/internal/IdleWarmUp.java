package io.anytask.worker.internal;

import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.time.Duration;
import org.osgi.framework.BundleContext;

/**
 * Runs the request path while a ready worker waits for its connection, so that the first requests of the client
 * do not run that code for the first time (class loading and initialisation, interpreted code, the JSON mapper's
 * caches): on a thread of its own, while the worker's main thread waits for the hand-off and serves it as soon as
 * it arrives.
 *
 * <p>It calls only {@link WarmUpInterface} (never the user's interface, its setup or checkout done), over
 * in-memory streams, and passes a descriptor over a private socket pair; its replies and deferred logs are
 * dropped and it writes nothing. It stops after {@value #ROUNDS} rounds, after {@link #TIME_LIMIT}, or at the end
 * of the round that is running when {@link #stop()} is called, whichever comes first. A failure ends it silently
 * (the trace of {@link StartupTrace} shows it, and how many rounds ran): the worker serves as it would have without it.
 */
final class IdleWarmUp {
    /**
     * Rounds of 7 requests. 30 halves the second request's time too and costs about 0.13 s of CPU and 1.7 MB of
     * RSS (classes initialised, heap touched: what the first requests would cost anyway); 150 rounds, enough for
     * the client compiler to compile the whole common path, made the second request 3 times faster again but cost
     * 0.2 s of CPU and 3.8 MB (compiled code, compiler arenas). Measured on the machine of bench/results.
     */
    static final int ROUNDS = 30;
    /** The first rounds, which go through every kind of request (the others through the common ones only). */
    static final int FULL_ROUNDS = 3;
    /** The longest a warm-up runs, for a loaded machine. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(3);
    private static final Duration INTERFACE_WAIT = Duration.ofSeconds(2);

    private final Thread thread;
    private volatile boolean stopped;

    private IdleWarmUp(BundleContext context, InterfaceTracker registry) {
        thread = new Thread(() -> run(context, registry), "anytask-idle-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts warming up in the background. */
    static IdleWarmUp start(BundleContext context, InterfaceTracker registry) {
        IdleWarmUp warmUp = new IdleWarmUp(context, registry);
        warmUp.thread.start();
        return warmUp;
    }

    /** Asks the warm-up to stop after the round it is running; returns at once. */
    void stop() {
        stopped = true;
    }

    private void run(BundleContext context, InterfaceTracker registry) {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        int[] rounds = {0};
        try {
            if (stopped) {
                return;
            }
            // the descriptor hand-off first: the control-mode connection's own path
            WarmUp.handOff();
            if (stopped) {
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
        }
    }
}
