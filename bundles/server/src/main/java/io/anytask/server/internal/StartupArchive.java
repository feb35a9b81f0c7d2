package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl;
import io.anytask.protocol.WorkerJdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The start-up archive of the workers' JDK in the worker home ({@link WorkerJdk#archive}): workers start from it
 * once it is there. When it is not (a JDK the home was not built with), the first worker launch has it made in the
 * background by {@link WorkerControl#ARCHIVE_MAKER}, at a low CPU priority, while workers start without it: no caller
 * waits for it. It is tried once per server; a failure is logged with the maker's output, and workers go on without.
 * A server that stops lets its maker finish (a few seconds of CPU; each of its steps has a time limit) rather than
 * kill it: a short-lived server, such as the demo's, would otherwise never get its archive.
 */
final class StartupArchive {
    /** Lowers the maker's CPU priority where util-linux's {@code nice} exists: booting workers come first. */
    private static final Optional<Path> NICE = Stream.of("/usr/bin/nice", "/bin/nice").map(Path::of)
            .filter(Files::isExecutable).findFirst();
    private static final int OUTPUT_TAIL_LINES = 20;

    private final Path home;
    private final Path java;
    private final WorkerJdk jdk;
    private final Path archive;
    private final String serverName;
    /** Guarded by this. */
    private boolean tried;
    /** Guarded by this: the maker while it runs. */
    private Process maker;
    /** Guarded by this. */
    private boolean stopped;

    StartupArchive(Path home, Path java, WorkerJdk jdk, String serverName) {
        this.home = home.toAbsolutePath().normalize(); // workers run in the home: the archive's path must not be relative
        this.java = java;
        this.jdk = jdk;
        this.archive = jdk.archive(this.home);
        this.serverName = serverName;
    }

    /** The JVM options that start a worker from the archive; none while it is not there (then it is made). */
    synchronized List<String> options() {
        if (Files.isRegularFile(archive)) {
            return WorkerJdk.archiveOptions(archive);
        }
        if (!tried && !stopped) {
            tried = true;
            startMaking();
        }
        return List.of();
    }

    /** The command that makes the archive, in the home. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        NICE.ifPresent(nice -> command.addAll(List.of(nice.toString(), "-n", "10")));
        command.add(java.toString());
        command.add("@jvm.args");
        command.addAll(jdk.options());
        command.addAll(List.of(WorkerControl.ARCHIVE_MAKER, WorkerControl.MAKE_ARCHIVE, home.toString()));
        return command;
    }

    private void startMaking() {
        ServerLog.info("server " + serverName + ": no start-up archive for the workers' JDK (" + jdk + ") in "
                + home + "; making " + home.relativize(archive) + " in the background, workers start without it"
                + " until it is there");
        long started = System.nanoTime();
        // its output goes to a file, not a pipe: a maker that outlives this JVM must not write into a closed pipe
        Path log;
        try {
            Files.createDirectories(archive.getParent());
            log = Files.createTempFile(archive.getParent(), ".maker-", ".log");
            maker = new ProcessBuilder(command()).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            maker.getOutputStream().close();
        } catch (IOException e) {
            ServerLog.warn("server " + serverName + ": cannot make the start-up archive " + archive + ": " + e);
            return;
        }
        Process process = maker;
        Thread waiter = new Thread(() -> awaitMaker(process, log, started), "anytask-archive-" + serverName);
        waiter.setDaemon(true);
        waiter.start();
    }

    private void awaitMaker(Process process, Path log, long started) {
        String output;
        int exit;
        try {
            exit = process.waitFor();
            output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            output = String.valueOf(e);
            exit = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            maker = null;
            if (stopped) {
                return;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (exit == 0 && Files.isRegularFile(archive)) {
            ServerLog.info("server " + serverName + ": start-up archive " + archive + " made in " + millis
                    + " ms; workers started from now on use it");
        } else if (exit == WorkerControl.ARCHIVE_BUSY) {
            ServerLog.info("server " + serverName + ": another process is making the start-up archive " + archive
                    + "; workers use it once it is there");
        } else {
            List<String> lines = output.strip().lines().toList();
            ServerLog.warn("server " + serverName + ": making the start-up archive " + archive + " failed (exit "
                    + exit + "); workers start without one. Its output, last lines:\n  " + String.join("\n  ",
                    lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size())));
        }
    }

    /** The server is stopping: a maker that runs goes on to finish on its own; none is started after this. */
    synchronized void stop() {
        stopped = true;
        if (maker != null) {
            ServerLog.info("server " + serverName + ": the start-up archive's maker (pid " + maker.pid()
                    + ") goes on to finish " + archive.getFileName());
        }
    }
}
