package io.anytask.server.it;

import io.anytask.protocol.Endpoint;
import io.anytask.server.cli.TaskServerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server process ({@link TaskServerMain} in its own JVM, started with this JVM's class path), its output in
 * files under a test's temporary directory. {@link #close()} kills it and every worker it ever logged as started,
 * so nothing outlives a test, also when the server itself was killed first.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("worker \\S+ started \\(pid (\\d+)\\)");

    private final Process process;
    private final Path out;
    private final Path err;
    private Endpoint endpoint;

    private ServerProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts a server with the conformance interface and the given extra options. */
    static ServerProcess start(Path dir, String listen, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", listen, "--interface", "conformance",
                "--bundle", TestEnvironment.conformanceBundle().toString(),
                "--worker-home", TestEnvironment.workerHome().toString(), "--name", "it",
                "--worker-jvm-option", "-Xmx64m"));
        args.addAll(List.of(options));
        return startRaw(dir, args);
    }

    static ServerProcess startRaw(Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(TestEnvironment.java(),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TaskServerMain.class.getName()));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "server-", ".out");
        Path err = Files.createTempFile(dir, "server-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ServerProcess(process, out, err);
    }

    /** Waits until the server prints its listening line, and returns its endpoint. */
    Endpoint awaitListening() throws IOException, InterruptedException {
        String line = awaitLine(out, Pattern.compile(Pattern.quote(TaskServerMain.LISTENING) + "(\\S+)"),
                Duration.ofSeconds(30)).group(1);
        endpoint = Endpoint.parse(line);
        return endpoint;
    }

    /** Waits until the server's log holds a line matching {@code regex}; fails the test otherwise. */
    Matcher awaitLog(String regex) throws IOException, InterruptedException {
        return awaitLine(err, Pattern.compile(regex), Duration.ofSeconds(30));
    }

    /** Waits until the log matches {@code regex} {@code count} times; returns the matches. */
    List<Matcher> awaitLogs(String regex, int count) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Matcher> found;
        do {
            found = matches(err, pattern);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the server's log has " + found.size() + " of " + count + " lines matching " + regex
                + ":\n" + log());
    }

    private Matcher awaitLine(Path file, Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            List<Matcher> found = matches(file, pattern);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (!process.isAlive() && matches(file, pattern).isEmpty()) {
                throw new AssertionError("the server exited (code " + process.exitValue() + ") without printing "
                        + pattern + ":\n" + log());
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no line matching " + pattern + " within " + timeout + ":\n" + log());
    }

    private static List<Matcher> matches(Path file, Pattern pattern) throws IOException {
        List<Matcher> found = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                found.add(m);
            }
        }
        return found;
    }

    String log() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** @return the pids of every worker this server logged as started */
    Set<Long> workerPids() throws IOException {
        Set<Long> pids = new TreeSet<>();
        for (Matcher m : matches(err, STARTED)) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** Sends SIGTERM: a graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL to the server only; its workers are left to notice. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits (bounded) for the server to exit; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Processes.killAll(workerPids());
    }
}
