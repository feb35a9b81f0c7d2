package io.anytask.server;

import io.anytask.server.cli.ServerArguments;
import io.anytask.server.cli.TaskServerMain;
import io.anytask.protocol.Endpoint;
import io.anytask.protocol.WorkerJdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A server process started by {@link TaskServer#fork}, tied to this JVM by a keep-alive pipe (the server's
 * standard input): {@link #close()} closes the pipe and the server stops gracefully; if this JVM ends first, the
 * pipe closes all the same. {@link #kill()} ends the server at once.
 */
public final class ForkedTaskServer implements AutoCloseable {
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

    private final Process process;
    private final Endpoint endpoint;
    private final OutputStream keepAlive;
    private final Duration gracePeriod;

    private ForkedTaskServer(Process process, Endpoint endpoint, Duration gracePeriod) {
        this.process = process;
        this.endpoint = endpoint;
        this.keepAlive = process.getOutputStream();
        this.gracePeriod = gracePeriod;
    }

    static ForkedTaskServer start(ServerConfig config, List<String> jvmOptions, Duration startTimeout) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Danytask.server=" + config.name());
        command.addAll(launch());
        command.addAll(ServerArguments.format(config));
        command.add("--keep-alive-stdin");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new ServerException("cannot start a server process: " + e.getMessage(), e);
        }
        CompletableFuture<Endpoint> listening = watchOutput(process);
        try {
            Endpoint endpoint = listening.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ForkedTaskServer(process, endpoint, config.gracePeriod());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new ServerException("the server process (pid " + process.pid() + ") did not listen within "
                    + startTimeout.toMillis() + " ms; killed it", e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new ServerException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted while the server process started; killed it", e);
        }
    }

    /**
     * @return the options that run {@link TaskServerMain} the way this JVM runs it: from the module path as the
     *     named module {@code io.anytask.server} when it is one of this JVM's module path, else from the class path;
     *     {@code sun.nio.ch} is exported to the server's code either way (TCP hand-offs)
     */
    private static List<String> launch() {
        Module server = TaskServerMain.class.getModule();
        String modulePath = System.getProperty("jdk.module.path");
        // --enable-native-access: junixsocket loads its native library, which Java 24 and newer warn about unless
        // native access is enabled for it (JEP 472); the option exists since Java 17
        if (server.isNamed() && modulePath != null && server.getLayer() == ModuleLayer.boot()) {
            return List.of("--add-exports", "java.base/sun.nio.ch=" + server.getName(),
                    "--enable-native-access=" + AFUNIXSocket.class.getModule().getName(),
                    "--module-path", modulePath, "-m", server.getName() + "/" + TaskServerMain.class.getName());
        }
        return List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", WorkerJdk.NATIVE_ACCESS,
                "-cp", System.getProperty("java.class.path"), TaskServerMain.class.getName());
    }

    /** Reads the server's standard output: its listening line completes the future; the rest goes to stdout. */
    private static CompletableFuture<Endpoint> watchOutput(Process process) {
        CompletableFuture<Endpoint> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!listening.isDone() && line.startsWith(TaskServerMain.LISTENING)) {
                        listening.complete(Endpoint.parse(line.substring(TaskServerMain.LISTENING.length())));
                    } else {
                        System.out.println(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            process.onExit().thenRun(() -> listening.completeExceptionally(new ServerException(
                    "the server process (pid " + process.pid() + ") exited with code " + process.exitValue()
                            + " before it listened; see its messages above")));
        }, "anytask-forked-server-output");
        reader.setDaemon(true);
        reader.start();
        return listening;
    }

    /** @return the server process's id */
    public long pid() {
        return process.pid();
    }

    /** @return the endpoint the server listens on */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return true while the server process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return completes with the server process's exit code when it ends */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Closes the keep-alive pipe, so the server stops gracefully, and waits for it to end: at most its grace period
     * plus a margin, after which it is killed.
     */
    @Override
    public void close() {
        try {
            keepAlive.close();
        } catch (IOException e) {
            // The pipe is closed either way.
        }
        if (!waitFor(gracePeriod.plus(EXIT_MARGIN))) {
            kill();
        }
    }

    /** Kills the server process at once (its idle workers then exit by themselves) and waits (bounded) for it. */
    public void kill() {
        process.destroyForcibly();
        waitFor(EXIT_MARGIN);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
