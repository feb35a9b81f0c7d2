package io.anytask.worker.internal;

import io.anytask.protocol.Seconds;
import io.anytask.protocol.WorkerControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worker's command line, checked when parsed. Every bad option fails with an {@link OptionException} naming the
 * option, the bad value and what was expected.
 *
 * @param interfaceName the interface to serve ({@code --interface})
 * @param bundles the user's bundle jars, absolute paths ({@code --bundle}, repeatable)
 * @param serverName the server's name, shown in process listings ({@code --name})
 * @param number the worker's number, shown in process listings ({@code --number})
 * @param hungWorkerTimeout longest time one request may run, {@link Duration#ZERO} for no limit
 *     ({@code --hung-worker-timeout SECONDS}, default 300)
 * @param interfaceWait longest wait for the interface to be registered at start-up ({@code --interface-wait SECONDS},
 *     default 10)
 * @param maxRenewals how many times the worker may renew itself for a next client before it exits
 *     ({@code --max-renewals N}, default 0); only with {@link Mode#CONTROL}
 * @param mode how the worker gets its connection
 * @param socket the socket path of the mode (absent for {@link Mode#WARM_UP})
 */
public record WorkerOptions(String interfaceName, List<Path> bundles, Optional<String> serverName,
        Optional<Integer> number, Duration hungWorkerTimeout, Duration interfaceWait, int maxRenewals, Mode mode,
        Optional<Path> socket) {

    /** Default {@code --hung-worker-timeout}: 300 s, as in the original. */
    public static final Duration DEFAULT_HUNG_WORKER_TIMEOUT = Duration.ofSeconds(300);
    /** Default {@code --interface-wait}: 10 s. */
    public static final Duration DEFAULT_INTERFACE_WAIT = Duration.ofSeconds(10);

    /** The usage text printed with option errors. */
    public static final String USAGE = "usage: java @jvm.args io.anytask.worker.WorkerMain --interface NAME"
            + " [--bundle /abs/bundle.jar]... [--name SERVER_NAME] [--number N] [--hung-worker-timeout SECONDS]"
            + " [--interface-wait SECONDS] [--max-renewals N] (--accept-unix /abs/path.sock | --control /abs/control.sock | --warm-up)";

    /** How the worker gets the one connection it serves. */
    public enum Mode {
        /** Listen on a Unix socket path and accept one connection ({@code --accept-unix}). */
        ACCEPT_UNIX,
        /** Connect to the server's control socket and wait for a hand-off ({@code --control}). */
        CONTROL,
        /** Boot, exercise the code paths of a request without a connection, and exit ({@code --warm-up}). */
        WARM_UP
    }

    /** Thrown for a bad command line. */
    public static final class OptionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OptionException(String message) {
            super(message);
        }
    }

    /**
     * Parses a command line.
     *
     * @throws OptionException naming the bad option
     */
    public static WorkerOptions parse(String... args) {
        String interfaceName = null;
        List<Path> bundles = new ArrayList<>();
        String serverName = null;
        Integer number = null;
        Duration hung = DEFAULT_HUNG_WORKER_TIMEOUT;
        Duration wait = DEFAULT_INTERFACE_WAIT;
        int maxRenewals = 0;
        Mode mode = null;
        Path socket = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals(WorkerControl.WARM_UP)) {
                mode = setMode(mode, Mode.WARM_UP, option);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new OptionException(option.startsWith("--") && isKnown(option)
                        ? option + ": missing value" : "unknown option: " + option);
            }
            String value = args[++i];
            switch (option) {
                case WorkerControl.INTERFACE -> interfaceName = nonBlank(option, value);
                case WorkerControl.BUNDLE -> bundles.add(existingFile(option, value));
                case WorkerControl.NAME -> serverName = nonBlank(option, value);
                case WorkerControl.NUMBER -> number = nonNegativeInt(option, value);
                case WorkerControl.HUNG_WORKER_TIMEOUT -> hung = seconds(option, value);
                case WorkerControl.INTERFACE_WAIT -> wait = seconds(option, value);
                case WorkerControl.MAX_RENEWALS -> maxRenewals = nonNegativeInt(option, value);
                case WorkerControl.ACCEPT_UNIX -> {
                    mode = setMode(mode, Mode.ACCEPT_UNIX, option);
                    socket = absolute(option, value);
                }
                case WorkerControl.CONTROL -> {
                    mode = setMode(mode, Mode.CONTROL, option);
                    socket = absolute(option, value);
                }
                default -> throw new OptionException("unknown option: " + option);
            }
        }
        if (mode == null) {
            throw new OptionException("missing one of --accept-unix PATH, --control PATH, --warm-up");
        }
        if (interfaceName == null && mode != Mode.WARM_UP) {
            throw new OptionException("missing --interface NAME");
        }
        return new WorkerOptions(interfaceName, List.copyOf(bundles), Optional.ofNullable(serverName),
                Optional.ofNullable(number), hung, wait, maxRenewals, mode, Optional.ofNullable(socket));
    }

    /** The label of this worker in messages: {@code NAME#N}, or what of it is known. */
    public String label() {
        return serverName.orElse("anytask") + number.map(n -> "#" + n).orElse("");
    }

    private static boolean isKnown(String option) {
        return WorkerControl.VALUE_OPTIONS.contains(option);
    }

    private static Mode setMode(Mode current, Mode next, String option) {
        if (current != null) {
            throw new OptionException(option + ": only one of --accept-unix, --control, --warm-up may be given");
        }
        return next;
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new OptionException(option + ": '" + value + "' (expected: a non-blank name)");
        }
        return value;
    }

    private static Path absolute(String option, String value) {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new OptionException(option + ": " + value + " (expected: an absolute path)");
        }
        return path;
    }

    private static Path existingFile(String option, String value) {
        Path path = absolute(option, value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new OptionException(option + ": " + value + " (expected: a readable bundle jar file)");
        }
        return path;
    }

    private static int nonNegativeInt(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OptionException(option + ": " + value + " (expected: an integer >= 0)");
    }

    /** The same rules as every seconds option of the command line: {@link Seconds#parse}. */
    private static Duration seconds(String option, String value) {
        try {
            return Seconds.parse(value);
        } catch (IllegalArgumentException e) {
            throw new OptionException(option + ": " + e.getMessage());
        }
    }
}
