package io.anytask.testsupport;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.WorkerJdk;
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
 * A real anytask server process ({@value #MAIN_CLASS} in a JVM of its own), its standard output and error in files
 * of a test's directory; the server copies its workers' output to its standard error, its log. {@link #close()}
 * kills the server, every descendant and every worker it ever logged as started, so nothing outlives a test, also
 * when the server itself was killed first; then it fails if the server or a worker wrote a JVM warning
 * ({@link JvmWarnings}), on whichever JDK the test runs.
 */
public final class ServerProcess implements AutoCloseable {
    /** The server's main class. */
    public static final String MAIN_CLASS = "io.anytask.server.cli.TaskServerMain";
    /** What the server's line on standard output starts with once it listens; the endpoint follows. */
    public static final String LISTENING = "anytask server listening on ";
    private static final Pattern STARTED = Pattern.compile("worker \\S+ started \\(pid (\\d+)\\)");
    private static final Duration LOG_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path out;
    private final Path err;
    private Endpoint endpoint;

    private ServerProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code java jvmOptions -cp classPath} {@value #MAIN_CLASS} {@code args}, its output in new files in
     * {@code dir}; does not wait for it to listen ({@link #awaitListening}).
     *
     * @param java the {@code java} launcher to run
     * @param classPath a class path with the server and its dependencies
     */
    public static ServerProcess start(Path dir, String java, List<String> jvmOptions, String classPath,
            List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add(WorkerJdk.NATIVE_ACCESS); // as bin/anytask does for junixsocket
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "server-", ".out");
        Path err = Files.createTempFile(dir, "server-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ServerProcess(process, out, err);
    }

    /** Waits at most 30 s until the server prints its listening line, as {@link #awaitListening(Duration)} does. */
    public Endpoint awaitListening() throws IOException, InterruptedException {
        return awaitListening(LOG_WAIT);
    }

    /**
     * Waits at most {@code timeout} until the server prints its listening line; fails with the server's log if it
     * does not, or exits first.
     *
     * @return the endpoint it listens on
     */
    public Endpoint awaitListening(Duration timeout) throws IOException, InterruptedException {
        String text = awaitLine(out, Pattern.compile("^" + Pattern.quote(LISTENING) + "(\\S+)"), timeout).group(1);
        endpoint = Endpoint.parse(text);
        return endpoint;
    }

    /** Waits (bounded) until a line of the server's log matches {@code regex}; fails with the log otherwise. */
    public Matcher awaitLog(String regex) throws IOException, InterruptedException {
        return awaitLine(err, Pattern.compile(regex), LOG_WAIT);
    }

    /** Like {@link #awaitLog}, returning the whole first line that matches. */
    public String awaitLogLine(String regex) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        awaitLine(err, pattern, LOG_WAIT);
        return Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> pattern.matcher(l).find())
                .findFirst().orElseThrow();
    }

    /** Waits (bounded) until the log matches {@code regex} {@code count} times; returns the matches. */
    public List<Matcher> awaitLogs(String regex, int count) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
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

    /** The server's log (its standard error) so far; a note instead if it cannot be read. */
    public String log() {
        try {
            return Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The server's standard output so far. */
    public String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The endpoint of the listening line, once {@link #awaitListening} saw it; null before. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** The server's process. */
    public Process process() {
        return process;
    }

    /** The pids of every worker this server logged as started, alive or not. */
    public Set<Long> startedWorkerPids() throws IOException {
        Set<Long> pids = new TreeSet<>();
        for (Matcher m : matches(err, STARTED)) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** The pids of the server's descendants now: its workers. */
    public List<Long> workerPids() {
        return process.descendants().map(ProcessHandle::pid).toList();
    }

    /** Sends SIGTERM: a graceful stop; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Stops the server gracefully (SIGTERM) and waits up to 15 s for it to exit.
     *
     * @return the pids of the workers it had when it was asked to stop
     */
    public List<Long> stop() throws InterruptedException {
        List<Long> workers = workerPids();
        process.destroy();
        process.waitFor(15, TimeUnit.SECONDS);
        return workers;
    }

    /** Sends SIGKILL to the server only, and waits up to 10 s for it; its workers are left to notice. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Kills the server and all of its workers with SIGKILL at once, as a crash or the OOM killer would, and waits
     * up to 10 s for the server.
     *
     * @return the pids of the workers that were killed
     */
    public List<Long> killServerAndWorkers() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroyForcibly();
        workers.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        return workers.stream().map(ProcessHandle::pid).toList();
    }

    /** Waits (bounded) for the server to exit; fails if it does not; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /**
     * Kills the server, its descendants and every worker it logged as started, bounded in time.
     *
     * @throws AssertionError if the server or a worker wrote a JVM warning, naming the lines
     */
    @Override
    public void close() {
        Processes.killTree(process);
        try {
            Processes.killAll(startedWorkerPids());
        } catch (IOException e) {
            // an unreadable log names no workers: the descendants killed above are all that can be found
        }
        List<String> warnings = new ArrayList<>(JvmWarnings.in(log()));
        try {
            warnings.addAll(JvmWarnings.in(output()));
        } catch (IOException e) {
            // no output file: nothing written there
        }
        if (!warnings.isEmpty()) {
            throw new AssertionError("the server process or its workers wrote JVM warnings (" + Runtime.version()
                    + "):\n  " + String.join("\n  ", warnings));
        }
    }
}
