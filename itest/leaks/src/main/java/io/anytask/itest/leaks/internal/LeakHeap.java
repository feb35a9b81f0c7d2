package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-heap}: {@link #leak()} leaves 100 MB of heap reachable from JDK state only, so the
 * heap after a GC stays grown after the bundle is discarded and the worker must not be renewed.
 */
@Component(service = LeakHeap.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-heap")
public class LeakHeap {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    private static final int SIZE = 100 << 20;

    /** Keeps a 100 MB array from JDK state, see {@link JdkStateValue}. @return identity */
    public String leak() throws Exception {
        JdkStateValue.keep(new byte[SIZE]);
        return identity();
    }
}
