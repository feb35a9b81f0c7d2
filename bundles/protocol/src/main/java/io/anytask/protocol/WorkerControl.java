package io.anytask.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The contract between a server and the worker JVMs it starts, defined once for both sides: the worker's command-line
 * options that a server writes, and what travels on a worker's control connection (a private Unix socket to its
 * server).
 *
 * <p>On the control connection, in order:
 * <ol>
 *   <li>worker to server, once booted: {@link #readyLine(long) ready PID\n};</li>
 *   <li>worker to server, once its idle warm-up is over and only while no hand-off byte has been read:
 *       {@link #warmLine() warm\n}; one may cross the hand-off on the wire, so a server drops a warm line that
 *       comes after it (before the client's bytes in relay mode, before a served answer after a direct one);</li>
 *   <li>server to worker, one hand-off byte: {@link #HAND_OFF_DIRECT} with the client connection's file descriptor
 *       attached (SCM_RIGHTS), which the worker then serves directly, or {@link #HAND_OFF_RELAY}, after which the
 *       control connection itself carries the client's protocol bytes (the server relays them);</li>
 *   <li>after a direct hand-off only: each {@link #SERVED_QUERY} byte from the server is answered
 *       {@link #servedLine(long) served N\n}, N being the checkouts released on the worker's connection so far.</li>
 * </ol>
 * End of input before the hand-off means the server is gone: the worker exits.
 *
 * <p><b>Renewal.</b> A worker started with {@link #MAX_RENEWALS} greater than 0 does not exit when its client
 * connection ends normally: it closes that connection and its control connection, replaces the interface bundles
 * with fresh ones, checks its isolation gates, and then connects to the control socket again with a new control
 * connection whose first line is {@link #renewedLine(long, long) renewed PID MILLIS\n} (MILLIS: how long the
 * renewal took, from the end of the client connection to this line) instead of {@code ready PID}. The rest of that
 * connection's life is as above. A worker that may not be renewed (its renewals used up, a gate failed) exits
 * instead, and says why on its standard error.
 *
 * @since package version 1.1
 */
public final class WorkerControl {
    /** The worker's main class, in the worker home's class path. */
    public static final String MAIN_CLASS = "io.anytask.worker.WorkerMain";
    /** Option: the name of the interface to serve. */
    public static final String INTERFACE = "--interface";
    /** Option, repeatable: an absolute path of a bundle jar the worker installs. */
    public static final String BUNDLE = "--bundle";
    /** Option: the server's name, shown in process listings and messages. */
    public static final String NAME = "--name";
    /** Option: the worker's number within its server. */
    public static final String NUMBER = "--number";
    /** Option: whole seconds one request may run before the worker ends itself; 0 = no limit. */
    public static final String HUNG_WORKER_TIMEOUT = "--hung-worker-timeout";
    /** Option: seconds the worker waits for the interface to be registered at start-up. */
    public static final String INTERFACE_WAIT = "--interface-wait";
    /**
     * Option: how many times the worker may be renewed for a next client before it exits; 0 (the default when
     * absent) makes it exit after its first client.
     */
    public static final String MAX_RENEWALS = "--max-renewals";
    /** Mode option: connect to the server's control socket at this path and wait for a hand-off. */
    public static final String CONTROL = "--control";
    /** Mode option: listen on this Unix socket path and serve the one connection accepted there. */
    public static final String ACCEPT_UNIX = "--accept-unix";
    /** Mode option, without a value: exercise the request path and exit (the build's archive-training run). */
    public static final String WARM_UP = "--warm-up";
    /**
     * The class, in the worker home's class path, that makes the start-up archive of the JDK running it:
     * {@code JAVA @jvm.args OPTIONS ARCHIVE_MAKER --make-archive HOME} in the home, OPTIONS being
     * {@link WorkerJdk#options()}; it exits 0 when the archive is there, {@link #ARCHIVE_BUSY} when another process
     * is making it.
     *
     * @since package version 1.4
     */
    public static final String ARCHIVE_MAKER = "io.anytask.worker.internal.home.HomeBuilder";
    /** The {@link #ARCHIVE_MAKER}'s argument for making the archive, followed by the home. */
    public static final String MAKE_ARCHIVE = "--make-archive";
    /** Exit status of the {@link #ARCHIVE_MAKER} when another process is making the same archive. */
    public static final int ARCHIVE_BUSY = 3;
    /** The options that take a value. */
    public static final List<String> VALUE_OPTIONS = List.of(INTERFACE, BUNDLE, NAME, NUMBER, HUNG_WORKER_TIMEOUT,
            INTERFACE_WAIT, MAX_RENEWALS, CONTROL, ACCEPT_UNIX);

    /**
     * System property of a worker JVM (a worker JVM option, {@code -Danytask.worker.maxFrameBytes=N}): the most bytes
     * in one message from a client; default {@link MessageDecoder.Limits#DEFAULT_MAX_FRAME_BYTES}.
     */
    public static final String MAX_FRAME_BYTES_PROPERTY = "anytask.worker.maxFrameBytes";
    /**
     * System property of a worker JVM: the most levels of nesting in one message from a client; default
     * {@link MessageDecoder.Limits#DEFAULT_MAX_DEPTH}.
     */
    public static final String MAX_NESTING_PROPERTY = "anytask.worker.maxNesting";
    /** Hand-off byte: the client connection's descriptor comes with it. */
    public static final byte HAND_OFF_DIRECT = 'c';
    /** Hand-off byte: the control connection now carries the client's bytes. */
    public static final byte HAND_OFF_RELAY = 'r';
    /** Server to worker after a direct hand-off: how many checkouts have been served? */
    public static final byte SERVED_QUERY = '?';
    /** Worker to server: the idle warm-up is over. */
    private static final String WARM_LINE = "warm\n";
    /** The longest line a worker writes on its control connection, newline included. */
    public static final int MAX_LINE = 64;

    private static final String READY = "ready ";
    private static final String RENEWED = "renewed ";
    private static final String SERVED = "served ";

    private WorkerControl() {
    }

    /** @return {@code ready PID\n} for the worker with process id {@code pid} */
    public static byte[] readyLine(long pid) {
        return (READY + pid + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param pid the worker's process id
     * @param millis how long the renewal took
     * @return {@code renewed PID MILLIS\n}, the first line of a renewed worker's new control connection
     */
    public static byte[] renewedLine(long pid, long millis) {
        return (RENEWED + pid + " " + millis + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The first line of a control connection: a worker announcing itself.
     *
     * @param pid the worker's process id
     * @param renewalMillis for a renewed worker, how long its renewal took; empty for a newly booted one
     */
    public record Announcement(long pid, OptionalLong renewalMillis) {
        /** @return whether the worker was renewed rather than newly booted */
        public boolean renewed() {
            return renewalMillis.isPresent();
        }
    }

    /**
     * @param line the first line of a control connection, without its newline
     * @return what it announces, or empty if it is neither {@code ready PID} nor {@code renewed PID MILLIS}
     */
    public static Optional<Announcement> parseAnnouncement(String line) {
        OptionalLong ready = number(line, READY);
        if (ready.isPresent()) {
            return Optional.of(new Announcement(ready.getAsLong(), OptionalLong.empty()));
        }
        if (!line.startsWith(RENEWED)) {
            return Optional.empty();
        }
        String[] parts = line.substring(RENEWED.length()).split(" ", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        OptionalLong pid = number(parts[0], "");
        OptionalLong millis = number(parts[1], "");
        return pid.isPresent() && millis.isPresent()
                ? Optional.of(new Announcement(pid.getAsLong(), millis)) : Optional.empty();
    }

    /** @return {@code served N\n} */
    public static byte[] servedLine(long checkouts) {
        return (SERVED + checkouts + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return {@code warm\n}, which a worker writes once its idle warm-up is over */
    public static byte[] warmLine() {
        return WARM_LINE.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param line a line without its newline
     * @return whether it is the warm line
     */
    public static boolean isWarm(String line) {
        return WARM_LINE.equals(line + "\n");
    }

    /**
     * The limits of a worker's decoder from its system properties ({@link #MAX_FRAME_BYTES_PROPERTY},
     * {@link #MAX_NESTING_PROPERTY}); an absent one keeps the default.
     *
     * @param properties looks a property up, such as {@code System::getProperty}
     * @throws IllegalArgumentException naming the property, its value and the range expected
     */
    public static MessageDecoder.Limits decoderLimits(UnaryOperator<String> properties) {
        MessageDecoder.Limits defaults = MessageDecoder.Limits.defaults();
        long frame = limit(properties, MAX_FRAME_BYTES_PROPERTY, defaults.maxFrameBytes(), 16, Integer.MAX_VALUE);
        long depth = limit(properties, MAX_NESTING_PROPERTY, defaults.maxDepth(), 2, 100_000);
        return new MessageDecoder.Limits(frame, (int) depth);
    }

    private static long limit(UnaryOperator<String> properties, String name, long fallback, long min, long max) {
        String text = properties.apply(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": " + text + " (expected: " + min + " to " + max + ")");
    }

    /**
     * @param line a line without its newline
     * @return the count of a {@code served N} line, or empty if the line is not one
     */
    public static OptionalLong parseServed(String line) {
        return number(line, SERVED);
    }

    private static OptionalLong number(String line, String prefix) {
        if (!line.startsWith(prefix) || !line.substring(prefix.length()).matches("[0-9]{1,19}")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(line.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // past Long.MAX_VALUE
        }
    }
}
