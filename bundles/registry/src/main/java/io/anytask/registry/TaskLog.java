package io.anytask.registry;

import io.anytask.protocol.DeferredLog;
import io.anytask.registry.internal.CurrentLog;

/**
 * The deferred log of the request that the calling thread is running: the Java counterpart of the original's
 * {@code logger}. What interface code records here (lines, timers, data) travels back to the client in the reply's
 * META {@code "ld"} key, also when the request fails, and is merged into the caller's deferred log.
 *
 * <pre>{@code
 * TaskLog.info("hashing", user);
 * try (DeferredLog.Timer t = TaskLog.timer("bcrypt")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Inside setup the log is the one of the request that triggered it; inside checkout done it is a log that
 * is discarded (there is no reply to carry it).
 */
public final class TaskLog {

    private TaskLog() {
    }

    /**
     * The current request's log.
     *
     * @throws IllegalStateException if the calling thread is not running a request, setup or checkout done
     */
    public static DeferredLog current() {
        return CurrentLog.get();
    }

    /** Adds an error line to the current request's log; see {@link DeferredLog#error}. */
    public static void error(String message, Object... extra) {
        current().error(message, extra);
    }

    /** Adds a warning line to the current request's log; see {@link DeferredLog#warn}. */
    public static void warn(String message, Object... extra) {
        current().warn(message, extra);
    }

    /** Adds an informational line to the current request's log; see {@link DeferredLog#info}. */
    public static void info(String message, Object... extra) {
        current().info(message, extra);
    }

    /** Adds a debugging line to the current request's log; see {@link DeferredLog#debug}. */
    public static void debug(String message, Object... extra) {
        current().debug(message, extra);
    }

    /** Starts a timer in the current request's log; close the handle to stop it. */
    public static DeferredLog.Timer timer(String name) {
        return current().timer(name);
    }

    /** Sets a key of the current request's data map. */
    public static void data(String key, Object value) {
        current().data(key, value);
    }
}
