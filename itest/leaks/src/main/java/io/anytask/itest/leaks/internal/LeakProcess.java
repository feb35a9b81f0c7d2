package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-process}: {@link #leak()} starts a child process and forgets it, so the worker
 * must not be renewed (and must end that child).
 */
@Component(service = LeakProcess.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-process")
public class LeakProcess {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /**
     * Starts {@code sleep 600}, with no pipes to this worker (so only the process, not a descriptor, is leaked), and
     * keeps no handle on it.
     *
     * @return {@code [identity, the child's PID]}
     */
    public List<Object> leak() throws Exception {
        Process child = new ProcessBuilder("sleep", "600")
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD)
                .start();
        return List.of(identity(), child.pid());
    }
}
