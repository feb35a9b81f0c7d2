package io.anytask.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Message;
import io.anytask.protocol.WorkerJdk;
import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker home without a start-up archive for the workers' JDK (here the tests' JDK: Java 17 in the main run, 25 in
 * the Java 25 run), shared by two server processes started at once: the archive is made in the background, once,
 * while the first workers serve without it; workers started after that boot from it; nothing half-made is left, and
 * no JVM writes a warning (checked as each server process closes).
 */
@Timeout(240)
class StartupArchiveIT {
    @TempDir
    Path dir;

    @Test
    void aMissingArchiveIsMadeOnceInTheBackgroundAndUsedByLaterWorkers() throws Exception {
        Path home = copyOfTheWorkerHomeWithoutArchives(dir.resolve("home"));
        Path archive = WorkerJdk.of(Path.of(Processes.java())).archive(home);
        try (ServerProcess first = start(home, "first"); ServerProcess second = start(home, "second")) {
            // each is served at once, by a worker that booted without the archive
            assertEquals("[1]", echo(first, 1));
            assertEquals("[2]", echo(second, 2));
            first.awaitLog("no start-up archive for the workers' JDK .* making archives/");
            second.awaitLog("no start-up archive for the workers' JDK .* making archives/");
            awaitFile(archive);
            String made = "start-up archive " + Pattern.quote(archive.toString()) + " made in \\d+ ms";
            String busy = "another process is making the start-up archive " + Pattern.quote(archive.toString());
            List<String> outcomes = List.of(first.awaitLogLine("(" + made + "|" + busy + ")"),
                    second.awaitLogLine("(" + made + "|" + busy + ")"));
            assertTrue(Files.isRegularFile(archive), archive + " is there");
            assertTrue(outcomes.stream().filter(line -> line.contains("made in")).count() >= 1, outcomes.toString());
            try (Stream<Path> left = Files.list(archive.getParent())) {
                List<String> names = left.map(p -> p.getFileName().toString())
                        .filter(name -> name.startsWith(".making-")).toList();
                assertEquals(List.of(), names, "no half-made archive is left");
            }
            // each call ends its worker's JVM (no renewal): the replacements start from the archive
            List<String> workerCommands = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertEquals("[" + i + "]", echo(first, i));
            }
            for (long pid : first.workerPids()) {
                workerCommands.add(commandLine(pid));
            }
            assertTrue(workerCommands.stream().anyMatch(command -> command.contains(archive.toString())),
                    "a worker started after the archive was made boots from it: " + workerCommands);
        }
    }

    private ServerProcess start(Path home, String name) throws Exception {
        ServerProcess server = ServerProcess.start(dir, Processes.java(), List.of(),
                BuildPaths.required("itest.server.classpath"), List.of(
                        "--listen", "unix:" + dir.resolve(name + ".sock"),
                        "--name", name,
                        "--interface", Servers.CONFORMANCE,
                        "--bundle", Path.of(BuildPaths.required("itest.conformance.bundle")).toAbsolutePath()
                                .toString(),
                        "--worker-home", home.toString(),
                        "--ready-workers", "1",
                        "--max-renewals", "0",
                        "--grace-period", "1"));
        server.awaitListening();
        return server;
    }

    /** Calls {@code echo(n)} on a connection of its own; returns the result's JSON. */
    private static String echo(ServerProcess server, int n) throws IOException {
        try (WireConnection connection = WireConnection.connect(server.endpoint())) {
            Message reply = connection.call("echo", Integer.toString(n));
            return reply instanceof Message.Ok ok ? ok.result().toString() : reply.toString();
        }
    }

    /** Waits (bounded: the maker runs at a low priority beside the tests) until {@code file} is there. */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The process's command line, its arguments separated by spaces; empty if it has ended. */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** A copy of the reactor's worker home with its file times (the archive checks them), less its archives. */
    private static Path copyOfTheWorkerHomeWithoutArchives(Path copy) throws IOException {
        Path home = Path.of(BuildPaths.required("itest.worker.home")).toAbsolutePath();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path source : files.toList()) {
                Path relative = home.relativize(source);
                if (relative.startsWith(WorkerJdk.ARCHIVES)) {
                    continue;
                }
                Path target = copy.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }
}
