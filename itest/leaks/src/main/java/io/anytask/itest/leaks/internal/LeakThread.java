package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-thread}: {@link #leak()} starts a daemon thread that is never stopped, so the worker
 * must not be renewed.
 */
@Component(service = LeakThread.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-thread")
public class LeakThread {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Starts the daemon thread {@code leaky-thread}, which sleeps forever and ignores interrupts. @return identity */
    public String leak() {
        Thread thread = new Thread(LeakThread::sleepForever, "leaky-thread");
        thread.setDaemon(true);
        thread.start();
        return identity();
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // a leaked thread that does not listen: only the end of the JVM stops it
            }
        }
    }
}
