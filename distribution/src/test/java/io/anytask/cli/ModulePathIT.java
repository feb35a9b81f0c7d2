package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client and the server as JPMS modules: {@code java --module-path lib -m io.anytask.cli} (no class path) runs
 * a server and a call of the built layout end to end, the server passing the client's connection to a worker.
 * The worker JVMs themselves run from the worker home's class path, as always. {@code bin/anytask} runs from the
 * module path too ({@link DistributionIT}), so the layout's class-path form is checked here as well.
 */
@Timeout(120)
class ModulePathIT {
    private static final String JUNIXSOCKET = "org.newsclub.net.unix";
    private static final String JUNIXSOCKET_NATIVE = "com.kohlschutter.junixsocket.nativecommon";

    @TempDir
    Path dir;

    private static Path installation() {
        return Path.of(System.getProperty("anytask.test.installation"));
    }

    /**
     * {@code java [options] --module-path lib -m io.anytask.cli ARGS...} with no class path at all, or, with
     * {@code modulePath} false, {@code java [options] -cp "lib/*" io.anytask.cli.Main ARGS...}.
     */
    private static ProcessBuilder command(boolean modulePath, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Path lib = installation().resolve("lib");
        command.addAll(modulePath ? List.of("--module-path", lib.toString(), "-m", "io.anytask.cli")
                : List.of("-cp", lib.resolve("*").toString(), "io.anytask.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder;
    }

    @Test
    void theCommandLineIsANamedModuleWithItsMainClass() throws Exception {
        Process describe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", installation().resolve("lib").toString(), "--describe-module", "io.anytask.cli")
                .redirectErrorStream(true).start();
        String text = new String(describe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(describe.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, describe.exitValue(), text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("io.anytask.cli@"), text);
        assertFalse(lines.get(0).contains("automatic"), text);
        assertTrue(lines.containsAll(List.of("requires io.anytask.server", "requires io.anytask.client")), text);

        ModuleDescriptor cli = ModuleFinder.of(installation().resolve("lib/io.anytask.cli.jar"))
                .find("io.anytask.cli").orElseThrow().descriptor();
        assertEquals("io.anytask.cli.Main", cli.mainClass().orElse("(none)"));
    }

    /**
     * Every anytask module resolves beside the others with only its dependencies' jars: the distribution's lib/,
     * the worker home's registry and worker, the conformance bundle and the OSGi core API (the worker
     * home holds Felix, which carries that API but is not the {@code osgi.core} module). Resolved from the server
     * or the worker alone, the module graph holds junixsocket and its native library, which neither finds by
     * itself on the module path.
     */
    @Test
    void everyModuleResolvesWithItsDependencies() throws IOException {
        List<Path> jars = new ArrayList<>(jarsIn(installation().resolve("lib")));
        jars.add(installation().resolve("worker/lib/io.anytask.registry.jar"));
        jars.add(installation().resolve("worker/lib/io.anytask.worker.jar"));
        jars.add(installation().resolve("examples/conformance.jar"));
        jars.add(Path.of(System.getProperty("anytask.test.osgiCore")));
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> anytask = finder.findAll().stream().map(m -> m.descriptor().name())
                .filter(name -> name.startsWith("io.anytask.")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("io.anytask.cli", "io.anytask.client", "io.anytask.protocol", "io.anytask.server",
                "io.anytask.registry", "io.anytask.worker", "io.anytask.examples.conformance"), anytask);
        for (String name : anytask) {
            assertFalse(finder.find(name).orElseThrow().descriptor().isAutomatic(), name + " is a named module");
        }

        Set<String> all = resolve(finder, anytask);
        assertTrue(all.containsAll(anytask), all.toString());
        assertTrue(resolve(finder, Set.of("io.anytask.server")).containsAll(Set.of(JUNIXSOCKET, JUNIXSOCKET_NATIVE)));
        assertTrue(resolve(finder, Set.of("io.anytask.worker")).containsAll(Set.of(JUNIXSOCKET, JUNIXSOCKET_NATIVE)));
    }

    private static List<Path> jarsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** @return the modules that resolving {@code roots} puts in a graph of its own (the JDK's modules after) */
    private static Set<String> resolve(ModuleFinder finder, Set<String> roots) {
        Configuration configuration = Configuration.empty().resolve(finder, ModuleFinder.ofSystem(), roots);
        return configuration.modules().stream().map(ResolvedModule::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A server and a call, both from the module path, on a Unix socket and on TCP; and both from the class path.
     * TCP hand-offs need {@code sun.nio.ch} exported to the server's code, so "direct" on TCP from the module path
     * also proves the server ran as the named module {@code io.anytask.server}: the export names that module, and
     * exported to any other (or to the class path) the server would relay.
     */
    @ParameterizedTest
    @CsvSource({"module-path, unix", "module-path, tcp", "class-path, tcp"})
    void aServerAndACallRunWithADirectHandOff(String path, String transport) throws Exception {
        boolean modulePath = path.equals("module-path");
        String listen = transport.equals("unix") ? "unix:" + dir.resolve("jpms.sock") : "tcp:127.0.0.1:0";
        String exportTo = modulePath ? "io.anytask.server" : "ALL-UNNAMED";
        Path err = dir.resolve("server.err");
        Process server = command(modulePath, List.of("--add-exports", "java.base/sun.nio.ch=" + exportTo),
                "server", "--listen", listen, "--interface", "conformance",
                "--bundle", installation().resolve("examples/conformance.jar").toString(),
                "--worker-home", installation().resolve("worker").toString(),
                "--name", "jpms", "--ready-workers", "1", "--grace-period", "5")
                .redirectError(err.toFile()).start();
        Process call = null;
        Set<Long> workers = new TreeSet<>();
        try {
            String endpoint = awaitListening(server, err);
            Path callOut = dir.resolve("call.out");
            Path callErr = dir.resolve("call.err");
            call = command(modulePath, List.of(), "call", "--connect", endpoint, "echo", "1", "\"x\"")
                    .redirectOutput(callOut.toFile()).redirectError(callErr.toFile()).start();
            assertTrue(call.waitFor(60, TimeUnit.SECONDS), "the call ends");
            assertEquals(0, call.exitValue(), Files.readString(callErr));
            assertEquals("[1,\"x\"]", Files.readString(callOut).strip(), Files.readString(callErr));

            server.destroy();
            assertTrue(server.waitFor(40, TimeUnit.SECONDS), "SIGTERM stops the server");
            String log = Files.readString(err);
            workers.addAll(workerPids(log));
            assertTrue(log.contains("(hand-off: direct, each client's connection is passed to its worker"), log);
            assertTrue(Pattern.compile("worker jpms#\\d+ handed out \\(pid \\d+, direct, ").matcher(log).find(), log);
            assertTrue(log.contains("server jpms stopped"), log);
        } finally {
            if (call != null) {
                call.destroyForcibly();
            }
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            workers.addAll(workerPids(Files.exists(err) ? Files.readString(err) : ""));
            for (long pid : workers) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * {@code TaskServer.fork} from an application whose anytask modules are on the module path (the java source
     * launcher running {@code src/test/modulepath/ForkFromModulePath.java}, no class path): the forked server runs
     * from the module path too, and a {@code TaskClient} call through it gets its result.
     */
    @Test
    void aServerForkedFromTheModulePathServesACall() throws Exception {
        Path out = dir.resolve("fork.out");
        Path err = dir.resolve("fork.err");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", installation().resolve("lib").toString(),
                "--add-modules", "io.anytask.server,io.anytask.client",
                System.getProperty("anytask.test.forkProgram"), dir.resolve("forked.sock").toString(),
                installation().resolve("examples/conformance.jar").toString(),
                installation().resolve("worker").toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process app = builder.start();
        Set<Long> pids = new TreeSet<>();
        try {
            assertTrue(app.waitFor(90, TimeUnit.SECONDS), "the application ends");
            String text = Files.readString(out);
            String log = Files.readString(err);
            assertEquals(0, app.exitValue(), text + log);
            assertTrue(text.contains("result [1,\"x\"]"), text + log);
            assertTrue(Pattern.compile("worker forked#\\d+ handed out \\(pid \\d+, direct, ").matcher(log).find(), log);
            assertTrue(log.contains("server forked stopped"), log);
        } finally {
            app.descendants().forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
            String text = Files.exists(out) ? Files.readString(out) : "";
            String log = Files.exists(err) ? Files.readString(err) : "";
            Matcher forked = Pattern.compile("forked server pid (\\d+)").matcher(text);
            Matcher started = Pattern.compile("worker forked#\\d+ started \\(pid (\\d+)\\)").matcher(log);
            while (forked.find()) {
                pids.add(Long.parseLong(forked.group(1)));
            }
            while (started.find()) {
                pids.add(Long.parseLong(started.group(1)));
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** @return the endpoint from the server's "listening" line on standard output */
    private static String awaitListening(Process server, Path err) throws Exception {
        String prefix = "anytask server listening on ";
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l.substring(prefix.length());
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String endpoint = null;
        try {
            endpoint = line.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // reported below
        }
        if (endpoint == null) {
            fail("the server did not listen; its standard error:\n" + Files.readString(err));
        }
        return endpoint;
    }

    private static Set<Long> workerPids(String log) {
        Set<Long> pids = new TreeSet<>();
        Matcher started = Pattern.compile("worker jpms#\\d+ started \\(pid (\\d+)\\)").matcher(log);
        while (started.find()) {
            pids.add(Long.parseLong(started.group(1)));
        }
        return pids;
    }
}
