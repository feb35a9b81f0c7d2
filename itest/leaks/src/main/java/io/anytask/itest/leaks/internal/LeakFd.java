package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-fd}: {@link #leak()} opens a file and never closes it, so the worker must not be
 * renewed.
 */
@Component(service = LeakFd.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-fd")
public class LeakFd {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /**
     * The open stream. A static field alone would not keep the descriptor open once the bundle is discarded: after a
     * GC the stream's cleaner would close it. So JDK state keeps it too, see {@link JdkStateValue}.
     */
    private static FileInputStream open;

    /** Opens a temporary file (removed at once; its descriptor stays open) and keeps the stream. @return identity */
    public String leak() throws Exception {
        Path file = Files.createTempFile("anytask-leak-fd", ".txt");
        open = new FileInputStream(file.toFile());
        Files.delete(file);
        JdkStateValue.keep(open);
        return identity();
    }
}
