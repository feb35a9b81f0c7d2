package io.anytask.itest;

import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios' servers: real server processes serving the conformance bundle or the leaks bundle from the
 * reactor's worker home, on this module's test class path, listening on a Unix socket in a test's directory.
 */
public final class Servers {
    /** The conformance bundle's main interface. */
    public static final String CONFORMANCE = "conformance";
    private static final Duration START = Duration.ofSeconds(90);

    private Servers() {
    }

    /** Starts a server for the conformance interface with the extra server options; waits until it listens. */
    public static ServerProcess start(Path dir, String... options) throws Exception {
        return startFor(dir, CONFORMANCE, options);
    }

    /**
     * Starts a server for interface {@code name} of the conformance bundle with the extra server options; waits until
     * it listens.
     */
    public static ServerProcess startFor(Path dir, String name, String... options) throws Exception {
        return startWith(dir, "itest.conformance.bundle", name, options);
    }

    /** Starts a server for interface {@code name} of the leaks bundle, as {@link #startFor} does. */
    public static ServerProcess startLeaks(Path dir, String name, String... options) throws Exception {
        return startWith(dir, "itest.leaks.bundle", name, options);
    }

    /** Starts a server for the conformance interface listening on {@code endpoint}, as {@link #start} does. */
    public static ServerProcess startListening(Path dir, String endpoint, String... options) throws Exception {
        return startWith(dir, "itest.conformance.bundle", CONFORMANCE, endpoint, options);
    }

    private static ServerProcess startWith(Path dir, String bundleProperty, String name, String... options)
            throws Exception {
        return startWith(dir, bundleProperty, name, "unix:" + dir.resolve("server.sock"), options);
    }

    private static ServerProcess startWith(Path dir, String bundleProperty, String name, String endpoint,
            String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--listen", endpoint,
                "--name", "itest",
                "--interface", name,
                "--bundle", Path.of(BuildPaths.required(bundleProperty)).toAbsolutePath().toString(),
                "--worker-home", Path.of(BuildPaths.required("itest.worker.home")).toAbsolutePath().toString(),
                "--grace-period", "1"));
        args.addAll(List.of(options));
        ServerProcess server = ServerProcess.start(dir, Processes.java(), List.of(),
                BuildPaths.required("itest.server.classpath"), args);
        try {
            server.awaitListening(START);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }
}
