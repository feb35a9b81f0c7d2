package io.anytask.registry.internal;

import io.anytask.protocol.DeferredLog;
import java.util.concurrent.Callable;

/** Holds the deferred log of the request that each thread is running; read by {@code TaskLog}. */
public final class CurrentLog {
    private static final ThreadLocal<DeferredLog> CURRENT = new ThreadLocal<>();

    private CurrentLog() {
    }

    /** The calling thread's log, or an error saying that no request is running. */
    public static DeferredLog get() {
        DeferredLog log = CURRENT.get();
        if (log == null) {
            throw new IllegalStateException("TaskLog used outside a request: no anytask request, setup or checkout"
                    + " done is running on thread " + Thread.currentThread().getName());
        }
        return log;
    }

    /** Runs {@code work} with {@code log} as the calling thread's log, restoring the previous one after. */
    static <T> T with(DeferredLog log, Callable<T> work) throws Exception {
        DeferredLog previous = CURRENT.get();
        CURRENT.set(log);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
