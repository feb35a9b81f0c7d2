package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.JvmWarnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The built layout, run as a user would: {@code bin/anytask server} with the bundled conformance example. */
@Timeout(90)
class DistributionIT {
    @TempDir
    Path dir;

    private static Path installation() {
        return Path.of(System.getProperty("anytask.test.installation"));
    }

    @Test
    void theLayoutHoldsEverythingItNeeds() {
        Path home = installation();
        assertTrue(Files.isExecutable(home.resolve("bin/anytask")));
        assertTrue(Files.isRegularFile(home.resolve("lib/io.anytask.cli.jar")));
        assertTrue(Files.isRegularFile(home.resolve("lib/io.anytask.server.jar")));
        assertTrue(Files.isRegularFile(home.resolve("worker/jvm.args")));
        assertTrue(Files.isRegularFile(home.resolve("examples/conformance.jar")));
    }

    /** Help, version and the bash completion script, from the module path (picocli reads the commands there). */
    @Test
    void binAnytaskHelpVersionAndCompletion() throws Exception {
        Path home = installation();
        String help = binAnytask(0, "--help");
        assertTrue(help.startsWith("Usage: anytask [-hV] COMMAND"), help);
        assertTrue(help.contains("Bash completion: . " + home.toRealPath() + "/completion/anytask"), help);
        String serverHelp = binAnytask(0, "server", "--help");
        assertTrue(serverHelp.startsWith("Usage: anytask server --listen=unix:PATH|tcp:HOST:PORT --interface=NAME"),
                serverHelp);
        assertTrue(binAnytask(0, "--version").startsWith("anytask 0."));
        assertTrue(binAnytask(2, "demo", "--bogus").startsWith("anytask demo: Unknown option: '--bogus'"));
        String completion = Files.readString(home.resolve("completion/anytask"));
        for (String word : List.of("server", "call", "demo", "--worker-jvm-option", "--pretty", "--verbose")) {
            assertTrue(completion.contains(word), word);
        }
    }

    private static String binAnytask(int exitCode, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(installation().resolve("bin/anytask").toString()));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS));
        assertEquals(exitCode, cli.exitValue(), output);
        return output;
    }

    @Test
    void binAnytaskServerServesTheConformanceExampleAndStopsOnSigterm() throws Exception {
        Path socket = dir.resolve("cli.sock");
        Path err = dir.resolve("server.err");
        Process server = new ProcessBuilder(installation().resolve("bin/anytask").toString(), "server",
                "--listen", "unix:" + socket, "--interface", "conformance",
                "--bundle", installation().resolve("examples/conformance.jar").toString(),
                "--name", "cli", "--ready-workers", "1")
                .redirectError(err.toFile()).start();
        Set<Long> workers = new TreeSet<>();
        try {
            String listening = new String(server.getInputStream().readNBytes(
                    ("anytask server listening on unix:" + socket).length()), StandardCharsets.UTF_8);
            assertEquals("anytask server listening on unix:" + socket, listening, Files.readString(err));
            try (AFUNIXSocket client = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket))) {
                client.setSoTimeout(30_000);
                OutputStream out = client.getOutputStream();
                out.write("[\"do\",{},\"echo\",\"hi\"]".getBytes(StandardCharsets.UTF_8));
                InputStream in = client.getInputStream();
                assertEquals("[\"ok\",{},[\"hi\"]]", new String(in.readNBytes(16), StandardCharsets.UTF_8));
            }
            server.destroy();
            assertTrue(server.waitFor(40, TimeUnit.SECONDS), "SIGTERM stops the server");
            String log = Files.readString(err);
            Matcher started = Pattern.compile("worker cli#\\d+ started \\(pid (\\d+)\\)").matcher(log);
            while (started.find()) {
                workers.add(Long.parseLong(started.group(1)));
            }
            // whichever worker booted first is handed out
            assertTrue(Pattern.compile("worker cli#\\d+ handed out").matcher(log).find(), log);
            assertTrue(log.contains("server cli stopped"), log);
            assertTrue(!Files.exists(socket), "the socket file is removed");
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            for (long pid : workers) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertTrue(workers.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)) || waitGone(workers), "no worker outlives the server");
    }

    private static boolean waitGone(Set<Long> pids) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The JDKs the demo runs on: this JVM's (Java 17 in the build) and Java 25 ({@code anytask.test.java25}). */
    static List<Path> javaHomes() {
        return List.of(Path.of(System.getProperty("java.home")),
                Path.of(BuildPaths.required("anytask.test.java25")).getParent().getParent());
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void binAnytaskDemoRunsTheWholeSystemWithoutJvmWarningsAndCleansUp(Path javaHome) throws Exception {
        boolean java25 = !javaHome.equals(Path.of(System.getProperty("java.home")));
        assumeFalse(java25 && Boolean.getBoolean("anytask.test.java25.skip"), "-Danytask.java25.skip=true");
        assertTrue(Files.isExecutable(javaHome.resolve("bin/java")), javaHome + ": no JDK there (the Java 25 one is"
                + " named with -Danytask.java25=PATH/bin/java)");
        Path out = dir.resolve("demo.out");
        Path err = dir.resolve("demo.err");
        ProcessBuilder builder = new ProcessBuilder(installation().resolve("bin/anytask").toString(), "demo",
                "--hashes", "3", "--cost", "6", "--verbose")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process demo = builder.start();
        try {
            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo ends by itself");
            String text = Files.readString(out);
            assertEquals(0, demo.exitValue(), text + Files.readString(err));
            assertTrue(text.contains("   on the workers: "), text);
            assertTrue(text.contains("   on the event loop's thread: "), text);
            assertTrue(text.contains("verify on a worker: the right password true, a wrong one false"), text);
            assertTrue(text.contains("the table afterwards, read by this process: [1 committed] (2 was rolled back"),
                    text);
            assertTrue(Pattern.compile("checkout 3: insert 3, then insert 1 again fails: .*(?i)unique").matcher(text)
                    .find(), text);
            assertTrue(Pattern.compile("\\d+\\.\\d{3}  worker  info   hashing with cost 6").matcher(text).find(), text);
            assertTrue(Pattern.compile("  bcrypt +\\|[ =]+\\|").matcher(text).find(), text);
            assertTrue(text.contains("   bcrypt: ClientStats["), text);
            assertTrue(text.contains("== done in "), text);
            assertFalse(text.contains(" INFO "), "the servers' log lines go to standard error: " + text);
            Matcher started = Pattern.compile("worker (?:bcrypt|sql)#\\d+ started \\(pid (\\d+)\\)")
                    .matcher(Files.readString(err));
            int workers = 0;
            while (started.find()) {
                long pid = Long.parseLong(started.group(1));
                assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "worker " + pid + " ended");
                workers++;
            }
            assertTrue(workers >= 4, "the two servers' workers were started and logged: " + workers);
            assertEquals(List.of(), JvmWarnings.in(text + Files.readString(err)),
                    "no JVM warning from the CLI's JVM or a worker on " + javaHome);
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void binAnytaskReportsBadOptions() throws Exception {
        Process cli = new ProcessBuilder(installation().resolve("bin/anytask").toString(), "server",
                "--listen", "unix:" + dir.resolve("x.sock"), "--interface", "conformance", "--bundle", "x.jar",
                "--ready-workers", "many")
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, cli.exitValue());
        assertEquals(List.of("anytask server: Invalid value for option '--ready-workers': 'many' is not an int",
                "Run 'anytask server --help' for the options."), output.lines().toList());
    }
}
