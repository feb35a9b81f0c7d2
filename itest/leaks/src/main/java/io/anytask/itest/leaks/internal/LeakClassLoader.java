package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-classloader}: {@link #leak()} adds a logging handler of its own class to the root
 * logger, so JDK state keeps the bundle's class loader reachable after the bundle is discarded; the worker must
 * not be renewed once it checks for that.
 */
@Component(service = LeakClassLoader.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-classloader")
public class LeakClassLoader {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Adds a {@link QuietHandler} to the root logger, never removed. @return identity */
    public String leak() {
        Logger.getLogger("").addHandler(new QuietHandler());
        return identity();
    }

    /** A logging handler that drops every record. */
    static final class QuietHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
