package io.anytask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.cli.ServerArguments;
import io.anytask.server.TaskServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anytask demo [--workers N] [--checkouts N] [--verbose]}: the whole system in one command, with nothing to
 * set up. It starts a server inside this JVM on a private Unix socket, with the installation's worker runtime and
 * its conformance example interface, makes calls through a {@link TaskClient} that show what anytask does (results,
 * setup, errors, deferred logs, one worker per connection, a burst of checkouts), then stops everything and
 * removes its socket.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        sortOptions = false, usageHelpWidth = 120,
        description = {"Run a server and a client with the bundled example interface and show them working.",
            "Starts a server in this process with the bundled conformance interface, calls it through a "
            + "client, prints what happens, and stops.", ""})
final class DemoCommand implements Callable<Integer> {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Held, so that the level set on it stays: JDK logging keeps its loggers only weakly. */
    private static Logger serverLog;

    @Spec
    CommandSpec spec;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "worker JVMs, 1 to 16 (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--checkouts", paramLabel = "N", defaultValue = "2000",
            description = "one-call checkouts in the closing burst, 1 to 100000 (default: ${DEFAULT-VALUE})")
    int checkouts;

    @Option(names = "--verbose", description = "also print the server's log lines (on standard error); without "
            + "it only its warnings and errors")
    boolean verbose;

    private final Streams streams;

    DemoCommand() {
        this(Streams.system());
    }

    DemoCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        check("--workers", workers, 1, 16);
        check("--checkouts", checkouts, 1, 100_000);
        PrintStream out = streams.out();
        PrintStream err = streams.err();
        serverLog(verbose);
        Path home = Path.of(System.getProperty("anytask.home", "."));
        Path bundle = home.resolve("examples/conformance.jar");
        String workerHome = System.getProperty(ServerArguments.WORKER_HOME_PROPERTY, home.resolve("worker").toString());
        if (!Files.isRegularFile(bundle) || !Files.isRegularFile(Path.of(workerHome, "jvm.args"))) {
            err.println("anytask demo: the installation lacks " + bundle + " or " + workerHome
                    + "/jvm.args (expected: run from the distribution, bin/anytask demo)");
            return 1;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("anytask-demo-");
            return demo(dir, bundle, Path.of(workerHome), workers, checkouts, out);
        } catch (ExecutionException e) {
            err.println("anytask demo: a call failed unexpectedly: " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("anytask demo: interrupted");
            return 1;
        } catch (IOException | RuntimeException | TimeoutException e) {
            err.println("anytask demo: " + e);
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The in-process server logs through JDK logging: its INFO lines only with {@code --verbose}. */
    private static void serverLog(boolean verbose) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            // the server's lines, one each, before JDK logging first formats one
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        }
        serverLog = Logger.getLogger("io.anytask");
        serverLog.setLevel(verbose ? Level.INFO : Level.WARNING);
    }

    private static int demo(Path dir, Path bundle, Path workerHome, int workers, int checkouts, PrintStream out)
            throws ExecutionException, InterruptedException, TimeoutException {
        Path socket = dir.resolve("demo.sock");
        ServerConfig serverConfig = ServerConfig.builder()
                .endpoint(new Endpoint.Unix(socket))
                .interfaceName("conformance")
                .bundle(bundle)
                .name("demo")
                .readyWorkers(workers)
                .maxWorkers(workers * 2)
                .gracePeriod(Duration.ofSeconds(2))
                .workerHome(workerHome)
                .build();
        out.println("== server: listening on unix:" + socket + ", " + workers
                + " worker JVMs made ready ahead of demand");
        try (TaskServer server = TaskServer.start(serverConfig)) {
            out.println("   hand-off mode: " + server.handOffMode() + "; waiting for the workers to boot");
            awaitReady(server, workers);
            try (TaskClient client = TaskClient.create(TaskClientConfig.builder("unix:" + socket)
                    .name("demo").minWorkers(workers).maxWorkers(workers).timeout(CALL_TIMEOUT)
                    .maxPendingCheckouts(Math.max(checkouts, 10_000)).build())) {
                calls(client, workers, checkouts, out);
            }
        }
        out.println("== stopped: client closed, server stopped, workers ended");
        return 0;
    }

    private static void calls(TaskClient client, int workers, int checkouts, PrintStream out)
        throws ExecutionException, InterruptedException, TimeoutException {
        try (Checkout c = client.checkout()) {
            out.println("== echo: arguments round-trip, non-BMP text included");
            out.println("   " + get(c.call("echo", 1, "λ\uD834\uDDDA", Map.of("nested", List.of(true, 2.5)))));
            out.println("== count: setup ran once in this worker (100), each call adds one");
            out.println("   " + get(c.call("count")) + ", " + get(c.call("count")));
            out.println("== pid of the worker serving this checkout: " + get(c.call("pid")));
        }
        try (Checkout c = client.checkout()) {
            out.println("== fail: the worker's exception comes back as the call's error");
            CompletableFuture<JsonNode> failed = c.call("fail", "something broke");
            try {
                get(failed);
                out.println("   (unexpectedly succeeded)");
            } catch (ExecutionException e) {
                out.println("   " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            }
        }
        DeferredLog log = new DeferredLog();
        log.info("caller starts");
        try (Checkout c = client.checkout(CheckoutOptions.defaults().withDeferredLog(log))) {
            get(c.call("log", "hello"));
        }
        log.info("caller ends");
        out.println("== deferred log: the worker's lines and timers merged into the caller's, in time order");
        out.println("   " + log.finish());

        out.println("== burst: " + checkouts + " checkouts of one echo call each, at most " + workers
                + " workers at once");
        long start = System.nanoTime();
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>(checkouts);
        for (int i = 0; i < checkouts; i++) {
            try (Checkout c = client.checkout()) {
                calls.add(c.call("echo", i));
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("   all %d served in %.2f s: %.0f calls/s; client stats: %s%n",
                checkouts, seconds, checkouts / seconds, client.stats());
    }

    /** Waits, at most a minute, until {@code workers} workers are ready, so that the calls show a warm start. */
    private static void awaitReady(TaskServer server, int workers) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (server.workers().ready() < workers) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("workers not ready after a minute: " + server.workers());
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode get(CompletableFuture<JsonNode> call)
            throws ExecutionException, InterruptedException, TimeoutException {
        return call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void check(String option, int n, int min, int max) {
        if (n < min || n > max) {
            throw new ParameterException(spec.commandLine(),
                    option + ": " + n + " (expected: " + min + " to " + max + ")");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
