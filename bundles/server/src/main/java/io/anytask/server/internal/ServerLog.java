package io.anytask.server.internal;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The server's log lines. By default they go to {@link System.Logger} {@code io.anytask.server}, so a container's
 * logging takes them. The command-line server sends them straight to stderr instead, one line each: JDK logging
 * resets itself in a shutdown hook of its own, racing the graceful stop's last lines.
 */
public final class ServerLog {
    private static final System.Logger LOGGER = System.getLogger("io.anytask.server");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final boolean DEBUG_ON_STREAM = Boolean.getBoolean("anytask.server.debug");
    private static volatile PrintStream direct;

    private ServerLog() {
    }

    /** Sends every later line to {@code stream}, prefixed with the local time and level. */
    public static void useStream(PrintStream stream) {
        direct = stream;
    }

    /**
     * A line about routine work done many times a second (a renewed worker handed out): through the logger at
     * DEBUG, and on the direct stream only with {@code -Danytask.server.debug=true}; made only when it is written.
     */
    static void debug(Supplier<String> message) {
        if (direct == null ? LOGGER.isLoggable(System.Logger.Level.DEBUG) : DEBUG_ON_STREAM) {
            log(System.Logger.Level.DEBUG, message.get(), null);
        }
    }

    static void info(String message) {
        log(System.Logger.Level.INFO, message, null);
    }

    static void warn(String message) {
        log(System.Logger.Level.WARNING, message, null);
    }

    static void warn(String message, Throwable cause) {
        log(System.Logger.Level.WARNING, message, cause);
    }

    static void error(String message) {
        log(System.Logger.Level.ERROR, message, null);
    }

    static void error(String message, Throwable cause) {
        log(System.Logger.Level.ERROR, message, cause);
    }

    private static void log(System.Logger.Level level, String message, Throwable cause) {
        PrintStream stream = direct;
        if (stream == null) {
            if (LOGGER.isLoggable(level)) {
                LOGGER.log(level, message, cause);
            }
            return;
        }
        String line = LocalDateTime.now().format(TIME) + " " + level.getName() + " " + message
                + (cause == null ? "" : ": " + cause);
        stream.println(line);
        stream.flush();
    }
}
