package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskLifecycle;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code renewal-state}, which leaks nothing: its {@link #state()} shows whether a worker is fresh
 * (static state new, setup run again) after a renewal.
 */
@Component(service = RenewalState.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=renewal-state")
public class RenewalState implements TaskLifecycle {
    private static final long TOKEN = System.nanoTime();
    /** Counters of this class's life; a worker runs setup and requests from one thread at a time. */
    private static int staticCalls;
    private static int setupRuns;
    private int instanceCalls;

    @Override
    public void setup() {
        setupRuns++;
    }

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Leaks nothing. @return {@link #identity()} */
    public String leak() {
        return identity();
    }

    /** Always throws, with the message {@code failure: MESSAGE}. */
    public Object fail(String message) {
        throw new IllegalStateException("failure: " + message);
    }

    /**
     * Counts this call in a static and an instance counter.
     *
     * @return {@code [identity, static calls of state(), setup runs, instance calls of state()]}; a fresh worker
     *     answers its first call {@code [identity, 1, 1, 1]}
     */
    public List<Object> state() {
        staticCalls++;
        instanceCalls++;
        return List.of(identity(), staticCalls, setupRuns, instanceCalls);
    }
}
