package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.nio.ByteBuffer;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-native}: {@link #leak()} leaves 200 MB of touched direct (native) memory reachable
 * from JDK state only, so the resident memory stays grown after the bundle is discarded and the worker must not be
 * renewed.
 */
@Component(service = LeakNative.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-native")
public class LeakNative {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    private static final int SIZE = 200 << 20;
    private static final int PAGE = 4096;

    /**
     * Allocates a 200 MB direct buffer, writes a byte in every 4 KiB page so that the pages are resident, and keeps
     * the buffer from JDK state (see {@link JdkStateValue}), so its cleaner never frees it.
     *
     * @return identity
     */
    public String leak() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
        for (int i = 0; i < SIZE; i += PAGE) {
            buffer.put(i, (byte) 1);
        }
        JdkStateValue.keep(buffer);
        return identity();
    }
}
