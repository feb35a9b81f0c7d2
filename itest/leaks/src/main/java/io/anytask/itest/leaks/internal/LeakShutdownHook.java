package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-shutdown-hook}: {@link #leak()} adds a JVM shutdown hook and never removes it,
 * so the worker must not be renewed.
 */
@Component(service = LeakShutdownHook.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-shutdown-hook")
public class LeakShutdownHook {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Adds a shutdown hook that does nothing. @return identity */
    public String leak() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { }, "leaky-shutdown-hook"));
        return identity();
    }
}
