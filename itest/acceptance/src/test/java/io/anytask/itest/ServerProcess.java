package io.anytask.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real anytask server process ({@code io.anytask.server.cli.TaskServerMain}) serving the conformance bundle or the
 * leaks bundle from the reactor's worker home, listening on a Unix socket in a test's temporary directory. Closing it
 * kills the server and every process it started.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String CONFORMANCE = "conformance";
    private static final long START_SECONDS = 90;
    private static final long OUTPUT_SECONDS = 30;

    private final Process process;
    private final Path socket;
    private final Path stderr;

    private ServerProcess(Process process, Path socket, Path stderr) {
        this.process = process;
        this.socket = socket;
        this.stderr = stderr;
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

    private static ServerProcess startWith(Path dir, String bundleProperty, String name, String... options)
            throws Exception {
        Path socket = dir.resolve("server.sock");
        Path stderr = dir.resolve("server.err");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", property("itest.server.classpath"),
                "io.anytask.server.cli.TaskServerMain",
                "--listen", "unix:" + socket,
                "--name", "itest",
                "--interface", name,
                "--bundle", Path.of(property(bundleProperty)).toAbsolutePath().toString(),
                "--worker-home", Path.of(property("itest.worker.home")).toAbsolutePath().toString(),
                "--grace-period", "1"));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        ServerProcess server = new ServerProcess(p, socket, stderr);
        try {
            server.awaitListening();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    public static ServerProcess start(Path dir, String... options) throws Exception {
        return startFor(dir, CONFORMANCE, options);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set: run the integration tests through Maven (failsafe)");
        }
        return value;
    }

    /** The endpoint for a client: {@code unix:/path}. */
    public String endpoint() {
        return "unix:" + socket;
    }

    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitListening() throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("anytask server listening on ")) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String got = null;
        try {
            got = line.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // reported below
        }
        if (got == null) {
            fail("server did not start listening within " + START_SECONDS + " s; stderr:\n" + stderrText());
        }
    }

    public String stderrText() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Waits (bounded) until a line of the server's stderr, where the server copies its workers' output, matches
     * {@code regex}; fails with that output otherwise.
     *
     * @return the first matching line
     */
    public String awaitOutputLine(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTPUT_SECONDS);
        while (true) {
            String text = stderrText();
            Optional<String> line = text.lines().filter(l -> pattern.matcher(l).find()).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no line of the server's output matches " + regex + " within " + OUTPUT_SECONDS
                        + " s; the output:\n" + text);
            }
            Thread.sleep(50);
        }
    }

    /** The PIDs of the server's descendants now: its workers. */
    public List<Long> workerPids() {
        return process.descendants().map(ProcessHandle::pid).toList();
    }

    /**
     * Kills the server and all of its workers with SIGKILL at once, as a crash or the OOM killer would, and waits
     * (bounded) until they are gone.
     *
     * @return the PIDs of the workers that were killed
     */
    public List<Long> killServerAndWorkers() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroyForcibly();
        workers.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        return workers.stream().map(ProcessHandle::pid).toList();
    }

    /**
     * Stops the server gracefully (SIGTERM) and waits up to 15 s for it to exit.
     *
     * @return the PIDs of the workers it had when it was asked to stop
     */
    public List<Long> stop() throws InterruptedException {
        List<Long> workers = workerPids();
        process.destroy();
        process.waitFor(15, TimeUnit.SECONDS);
        return workers;
    }

    /** Kills the server and all of its descendants, bounded in time. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        all.addAll(process.descendants().toList());
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // bounded: a process that will not die is reported by pgrep after the run
            }
        }
    }
}
