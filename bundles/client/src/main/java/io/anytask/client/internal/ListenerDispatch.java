package io.anytask.client.internal;

import io.anytask.client.ClientListener;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Hands events to the configured {@link ClientListener} on a thread of its own, in order, so that a slow listener
 * cannot stall the loop. With no listener configured nothing is queued at all.
 */
final class ListenerDispatch {
    private static final System.Logger LOG = System.getLogger(ListenerDispatch.class.getName());

    private final ClientListener listener;
    private final Executor executor;

    ListenerDispatch(ClientListener listener, Executor serialExecutor) {
        this.listener = listener;
        this.executor = serialExecutor;
    }

    void fire(Consumer<ClientListener> event) {
        if (listener == ClientListener.NONE) {
            return;
        }
        executor.execute(() -> {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "anytask client listener failed", e);
            }
        });
    }
}
