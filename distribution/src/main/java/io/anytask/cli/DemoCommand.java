package io.anytask.cli;

import io.anytask.server.cli.ServerArguments;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anytask demo [--workers N] [--hashes N] [--cost N] [--verbose]}: why anytask exists, in one command with
 * nothing to set up. It runs {@link Demo} with the installation's example interfaces in a fresh temporary directory,
 * which it removes afterwards.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        sortOptions = false, usageHelpWidth = 120,
        description = {"Show what anytask is for, with the bundled bcrypt and sql example interfaces.",
            "Starts an H2 database, a bcrypt server and an sql server with their worker JVMs in this process, then "
            + "shows: hashes on the workers while the caller's event loop keeps ticking (and on the event loop, "
            + "where it stalls); a commit, a rollback at release and a rollback after an error; a deferred log as a "
            + "timeline; the clients' counters. Then it stops everything and removes its files.", ""})
final class DemoCommand implements Callable<Integer> {
    /** Held, so that the level set on it stays: JDK logging keeps its loggers only weakly. */
    private static Logger serverLog;

    @Spec
    CommandSpec spec;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "worker JVMs per server, 1 to 16 (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--hashes", paramLabel = "N", defaultValue = "8",
            description = "bcrypt hashes on each side of the comparison, 1 to 1000 (default: ${DEFAULT-VALUE})")
    int hashes;

    @Option(names = "--cost", paramLabel = "N", defaultValue = "10",
            description = "their bcrypt cost, 4 to 16; each step doubles the time (default: ${DEFAULT-VALUE})")
    int cost;

    @Option(names = "--verbose", description = "also print the servers' log lines (on standard error); without "
            + "it only their warnings and errors")
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
        check("--hashes", hashes, 1, 1000);
        check("--cost", cost, 4, 16);
        PrintStream out = streams.out();
        PrintStream err = streams.err();
        serverLog(verbose);
        Path home = Path.of(System.getProperty("anytask.home", "."));
        Path examples = home.resolve("examples");
        Path workerHome = Path.of(System.getProperty(ServerArguments.WORKER_HOME_PROPERTY,
                home.resolve("worker").toString()));
        Optional<String> missing = Demo.missing(examples, workerHome);
        if (missing.isPresent()) {
            err.println("anytask demo: " + missing.get() + " (expected: run from the distribution, bin/anytask demo)");
            return 1;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("anytask-demo-");
            new Demo(examples, workerHome, workers, hashes, cost, out).run(dir);
            return 0;
        } catch (ExecutionException e) {
            err.println("anytask demo: a call failed unexpectedly: " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("anytask demo: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("anytask demo: " + e);
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The in-process servers log through JDK logging: their INFO lines only with {@code --verbose}. */
    private static void serverLog(boolean verbose) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            // the server's lines, one each, before JDK logging first formats one
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        }
        serverLog = Logger.getLogger("io.anytask");
        serverLog.setLevel(verbose ? Level.INFO : Level.WARNING);
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
