package io.anytask.worker;

import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A real worker JVM started from the worker home that this module built, as a server would start it. Closing it
 * kills the process and its descendants.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path stderr;

    private WorkerProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** The worker home, from the system property that failsafe sets. */
    static Path home() {
        return Path.of(BuildPaths.required("anytask.worker.home"));
    }

    /** The conformance interface bundle, from the system property that failsafe sets. */
    static Path conformanceJar() {
        return Path.of(BuildPaths.required("anytask.conformance.jar")).toAbsolutePath().normalize();
    }

    /** Starts {@code WorkerMain} with {@code args}; its output goes to files in {@code dir}. */
    static WorkerProcess start(Path dir, List<String> args) throws IOException {
        return start(dir, List.of(), args);
    }

    /** Like {@link #start(Path, List)}, with {@code jvmOptions} after the home's {@code jvm.args}. */
    static WorkerProcess start(Path dir, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@jvm.args");
        command.addAll(jvmOptions);
        command.add("io.anytask.worker.WorkerMain");
        command.addAll(args);
        Path err = Files.createTempFile(dir, "worker-", ".stderr");
        Process process = new ProcessBuilder(command)
                .directory(home().toFile())
                .redirectOutput(dir.resolve(err.getFileName() + ".stdout").toFile())
                .redirectError(err.toFile())
                .start();
        return new WorkerProcess(process, err);
    }

    /** Starts a conformance worker that accepts one connection on {@code socket}, plus {@code extra} options. */
    static WorkerProcess acceptUnix(Path dir, Path socket, String iface, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--interface", iface, "--bundle", conformanceJar().toString(),
                "--name", "test", "--number", "1", "--accept-unix", socket.toString()));
        args.addAll(List.of(extra));
        return start(dir, args);
    }

    /** Connects to this worker's {@code --accept-unix} path, waiting (bounded) for the worker to create it. */
    WireConnection connect(Path socketPath) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(socketPath)) {
            if (!isAlive()) {
                throw new AssertionError("worker exited before listening: " + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker did not create " + socketPath + " within 60 s: " + stderr());
            }
            Thread.sleep(5);
        }
        return WireConnection.over(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath)));
    }

    long pid() {
        return process.pid();
    }

    /** The process's arguments as the operating system shows them (what {@code ps} lists). */
    List<String> arguments() {
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, waiting at most {@code timeout}; fails if the process is still running then. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("worker " + process.pid() + " still running after " + timeout
                    + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read stderr: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
