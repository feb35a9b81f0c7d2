package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-thread-local}: {@link #leak()} leaves a value of its own class in a thread local
 * of the thread that serves the request. That thread serves one client connection only, so the value dies with it:
 * this leak is prevented, and the worker is renewed.
 */
@Component(service = LeakThreadLocal.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-thread-local")
public class LeakThreadLocal {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    private static final ThreadLocal<Marker> LOCAL = new ThreadLocal<>();

    /**
     * Sets the thread local to a {@link Marker} on the serving thread, never removed.
     *
     * @return {@code [identity, the serving thread's id]}
     */
    public List<Object> leak() {
        LOCAL.set(new Marker());
        return List.of(identity(), Thread.currentThread().getId());
    }

    /** A value whose class keeps the bundle's class loader reachable while the value is. */
    static final class Marker {
    }
}
