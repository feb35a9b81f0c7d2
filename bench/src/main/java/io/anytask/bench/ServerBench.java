package io.anytask.bench;

import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Server benchmark (issue 4): a real {@link TaskServer} in this JVM with real worker JVMs, measured from a client
 * written with plain sockets. Writes its results to the file named by {@code -Dbench.results}.
 *
 * <ol>
 *   <li>connect to first reply with a ready worker (goal: median under 3 ms), and with one that has just become
 *   ready and is still warming up;</li>
 *   <li>connect to first reply with no worker ready (a worker boots for the connection);</li>
 *   <li>hand-offs per second: a burst over ready workers, and sustained (bounded by how fast workers boot);</li>
 *   <li>round-trip latency of one call on a warm connection, direct hand-off against the relay.</li>
 * </ol>
 */
public final class ServerBench {
    /**
     * What a worker is for each connection: the server's default renewal (a worker renewed after its client, a new
     * JVM when renewal is refused or used up), since the figures below were first measured with a new JVM for each.
     */
    private static final String RENEWAL = "fresh or renewed (server default maxRenewals "
            + ServerConfig.DEFAULT_MAX_RENEWALS + ")";
    private static final byte[] ECHO = "[\"do\",{},\"echo\",1]".getBytes(StandardCharsets.US_ASCII);

    private final Path workerHome;
    private final Path bundle;
    private final Path dir;
    private final List<String> lines = new ArrayList<>();
    /** Machine-readable figure lines, written after the text (see {@link Figure}). */
    private final List<String> figures = new ArrayList<>();
    /** Medians (ms) of figures that later figures of the run are read against; NaN when not measured. */
    private double readyMedian = Double.NaN;
    private double secondCallMedian = Double.NaN;
    private double directMedian = Double.NaN;

    private ServerBench(Path workerHome, Path bundle, Path dir) {
        this.workerHome = workerHome;
        this.bundle = bundle;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Path results = Path.of(required("bench.results"));
        Path dir = Files.createTempDirectory("anytask-server-bench-");
        ServerBench bench = new ServerBench(Path.of(required("bench.worker.home")),
                Path.of(required("bench.conformance.bundle")), dir);
        bench.header();
        String only = System.getProperty("bench.only", "ready,unwarmed,cold,rates,warm");
        if (only.contains("ready")) {
            bench.firstReplyWithReadyWorker(Integer.getInteger("bench.samples", 30));
        }
        if (only.contains("unwarmed")) {
            bench.firstReplyRightAfterReady(Integer.getInteger("bench.samples", 30));
        }
        if (only.contains("cold")) {
            bench.firstReplyWithNoWorkerReady(Integer.getInteger("bench.cold.samples", 5));
        }
        if (only.contains("rates")) {
            bench.handOffRates(Duration.ofSeconds(Integer.getInteger("bench.sustained.seconds", 20)));
        }
        if (only.contains("warm")) {
            bench.warmRoundTrip(false, Integer.getInteger("bench.calls", 5000));
            bench.warmRoundTrip(true, Integer.getInteger("bench.calls", 5000));
        }
        bench.lines.add(Figure.runLine("server", started, (System.nanoTime() - t0) / 1e9));
        bench.lines.addAll(bench.figures);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.write(results, bench.lines, StandardCharsets.UTF_8);
        Files.deleteIfExists(dir);
        System.out.println("results written to " + results);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalArgumentException("-D" + property + " is required");
        }
        return value;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void say(String line) {
        System.out.println(line);
        lines.add(line);
    }

    private void figure(String name, String measures, long[] nanos, String runs, String baseline, String goal,
            String verdict) {
        double[] ms = millis(nanos);
        figures.add(new Figure(name, measures, Figure.number(Figure.median(ms)) + " ms", Figure.spread(ms, "ms"), runs,
                baseline, goal, verdict).line());
    }

    private static double[] millis(long[] nanos) {
        return Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray();
    }

    private static String medianMs(double ms) {
        return Double.isNaN(ms) ? "not measured in this run" : Figure.number(ms) + " ms";
    }

    private void header() {
        say("# anytask server benchmark (bench/ ServerBench), " + Instant.now());
        say("# java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", load average at start " + loadAverage());
        say("# client: a blocking JDK SocketChannel in the server's JVM (the anytask client's kind of socket);"
                + " interface: conformance 'echo'; Unix socket; workers counted ready once warm");
        say("# note: the machine may be shared with other builds while this runs; medians are the figures to read");
    }

    private TaskServer start(String name, int ready, int max, boolean relay) {
        return start(name, ready, max, relay, ServerConfig.DEFAULT_MAX_RENEWALS);
    }

    private TaskServer start(String name, int ready, int max, boolean relay, int maxRenewals) {
        ServerConfig.Builder config = ServerConfig.builder()
                .endpoint(new Endpoint.Unix(dir.resolve(name + ".sock")))
                .interfaceName("conformance").bundle(bundle).workerHome(workerHome).name(name)
                .readyWorkers(ready).maxWorkers(max).relayOnly(relay).maxRenewals(maxRenewals)
                .gracePeriod(Duration.ofSeconds(2));
        String workerOptions = System.getProperty("bench.worker.options", "");
        for (String option : workerOptions.split(" ")) {
            if (!option.isBlank()) {
                config.workerJvmOption(option);
            }
        }
        return TaskServer.start(config.build());
    }

    /**
     * Waits until {@code ready} workers are ready and warm (their idle warm-up over) and none is booting, so a
     * sample does not share the CPU.
     */
    private static void awaitReady(TaskServer server, int ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.workers().warm() < ready || server.workers().booting() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workers not ready within " + timeout + ": " + server.workers());
            }
            Thread.sleep(20);
        }
    }

    private static WireConnection open(Endpoint endpoint) throws IOException {
        return WireConnection.guarded(endpoint.socketAddress(), Duration.ofSeconds(120));
    }

    /** Connects, sends one echo, reads its reply; returns nanoseconds from before connect to the reply. */
    private static long connectAndCall(Endpoint endpoint) throws IOException {
        long start = System.nanoTime();
        try (WireConnection connection = open(endpoint)) {
            connection.callOk(ECHO);
            return System.nanoTime() - start;
        }
    }

    private void firstReplyWithReadyWorker(int samples) throws Exception {
        try (TaskServer server = start("ready", 2, 64, false)) {
            long[] connect = new long[samples];
            long[] first = new long[samples];
            long[] second = new long[samples];
            for (int i = 0; i < samples; i++) {
                awaitReady(server, 2, Duration.ofSeconds(60));
                long start = System.nanoTime();
                try (WireConnection connection = open(server.endpoint())) {
                    connect[i] = System.nanoTime() - start;
                    connection.callOk(ECHO);
                    first[i] = System.nanoTime() - start;
                    long again = System.nanoTime();
                    connection.callOk(ECHO);
                    second[i] = System.nanoTime() - again;
                }
            }
            say("connect to first reply, worker ready (direct): " + summary(first) + " (" + samples + " connections,"
                    + " each a worker " + RENEWAL + "; goal: median < 3 ms; the Perl original: about 3.6 ms)");
            say("  of which connect() returned after: " + summary(connect));
            say("  the same worker's second call took: " + summary(second) + " (so the rest of the first is the"
                    + " worker's cold first request: setup, binding and encoding code running for the first time)");
            readyMedian = Figure.median(millis(first));
            secondCallMedian = Figure.median(millis(second));
            figure("server.first-reply.ready", "connect to the first reply of one echo, plain socket, 2 ready warm"
                    + " workers, each connection a worker " + RENEWAL, first, samples + " connections",
                    "the same connection's second call: " + medianMs(secondCallMedian), "median < 3 ms",
                    Figure.atMost(readyMedian, 3, "ms"));
        }
    }

    /**
     * The same measure as {@link #firstReplyWithReadyWorker}, but connecting the moment the server reports a new
     * worker ready, before its idle warm-up is over (what the first design measured, and what a client meets when
     * demand outruns the warm-ups).
     */
    private void firstReplyRightAfterReady(int samples) throws Exception {
        try (TaskServer server = start("unwarmed", 1, 64, false)) {
            long[] first = new long[samples];
            int warm = 0;
            for (int i = 0; i < samples; i++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (server.workers().ready() < 1 || server.workers().booting() > 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no worker ready within 60 s: " + server.workers());
                    }
                    Thread.sleep(1);
                }
                warm += server.workers().warm();
                first[i] = connectAndCall(server.endpoint());
                Thread.sleep(300); // let the previous worker exit
            }
            say("connect to first reply, worker just ready, not yet warm: " + summary(first) + " (" + samples
                    + " connections; " + warm + " of the workers were warm already)");
            figure("server.first-reply.unwarmed", "connect to the first reply, connecting the moment a new worker is"
                    + " ready, before its idle warm-up", first, samples + " connections", "worker ready and warm: "
                    + medianMs(readyMedian), "none", "n/a");
        }
    }

    private void firstReplyWithNoWorkerReady(int samples) throws Exception {
        // maxRenewals 0: else the worker renewed after a sample would be ready for the next one
        try (TaskServer server = start("cold", 0, 64, false, 0)) {
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                nanos[i] = connectAndCall(server.endpoint());
                Thread.sleep(300); // let the previous worker exit, so each sample boots alone
            }
            say("connect to first reply, no worker ready: " + summary(nanos) + " (" + samples
                    + " connections; a worker JVM boots for each: maxRenewals 0)");
            figure("server.first-reply.cold", "connect to the first reply with no worker ready (a worker JVM boots"
                    + " for the connection; maxRenewals 0)", nanos, samples + " connections", "worker ready and warm: "
                    + medianMs(readyMedian), "none", "n/a");
        }
    }

    private void handOffRates(Duration sustained) throws Exception {
        int burst = 8;
        try (TaskServer server = start("rate", burst, 64, false)) {
            awaitReady(server, burst, Duration.ofSeconds(120));
            long start = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                connectAndCall(server.endpoint());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            say(String.format("hand-offs per second, burst over %d ready workers: %.0f/s (connect, first reply,"
                    + " close, one after another)", burst, burst / seconds));
            figures.add(new Figure("server.hand-offs.burst", "connect, first reply, close, one after another, over "
                    + burst + " ready workers", Figure.number(burst / seconds) + " hand-offs/s", "n/a (one burst)",
                    burst + " connections", "none", "none", "n/a").line());
            awaitReady(server, burst, Duration.ofSeconds(120));
            long end = System.nanoTime() + sustained.toNanos();
            int count = 0;
            start = System.nanoTime();
            while (System.nanoTime() < end) {
                connectAndCall(server.endpoint());
                count++;
            }
            seconds = (System.nanoTime() - start) / 1e9;
            say(String.format("hand-offs per second, sustained for %.0f s with %d ready workers: %.1f/s (%d"
                    + " connections; workers " + RENEWAL + ")", seconds, burst,
                    count / seconds, count));
            figures.add(new Figure("server.hand-offs.sustained", String.format("connect, first reply, close, one"
                    + " after another for %.0f s with %d ready workers (workers " + RENEWAL + ")", seconds, burst),
                    Figure.number(count / seconds) + " hand-offs/s", "n/a (one run)", count + " connections",
                    "the burst over ready workers, above", "none", "n/a").line());
        }
    }

    private void warmRoundTrip(boolean relay, int calls) throws Exception {
        String mode = relay ? "relay" : "direct";
        try (TaskServer server = start(mode, 1, 4, relay)) {
            awaitReady(server, 1, Duration.ofSeconds(60));
            try (WireConnection connection = open(server.endpoint())) {
                for (int i = 0; i < 2000; i++) {
                    connection.callOk(ECHO);
                }
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long start = System.nanoTime();
                    connection.callOk(ECHO);
                    nanos[i] = System.nanoTime() - start;
                }
                say("round trip of one call on a warm connection, " + mode + ": " + summary(nanos) + " (" + calls
                        + " calls after 2000 warm-up calls)");
                if (!relay) {
                    directMedian = Figure.median(millis(nanos));
                }
                figure("server.round-trip." + mode, "round trip of one echo on a warm connection, " + mode
                        + (relay ? " (the server relays the bytes)" : " (the worker holds the client's socket)"),
                        nanos, calls + " calls after 2000", relay ? "direct: " + medianMs(directMedian)
                        : "none", "none", "n/a");
            }
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %s, p90 %s, min %s, max %s", ms(percentile(sorted, 50)),
                ms(percentile(sorted, 90)), ms(sorted[0]), ms(sorted[sorted.length - 1]));
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000 ? String.format("%.0f ms", nanos / 1e6) : String.format("%.3f ms", nanos / 1e6);
    }

    static {
        // Server log lines go to stderr, out of the way of the results on stdout.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %5$s%6$s%n");
    }

}
