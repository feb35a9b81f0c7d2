package io.anytask.bench;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The client benchmark (issue 5): warm round-trip latency beside a raw Unix-socket echo between two JVMs,
 * throughput of 10,000 one-call checkouts with 2, 4 and 8 workers beside Python's ProcessPoolExecutor, and 1k, 10k
 * and 100k checkouts queued at once with 4 workers. Everything runs against a real server process and real worker
 * JVMs (the conformance interface). Results go to standard output and to the file {@code -Dbench.results}.
 */
public final class BenchMain {
    private static final int LATENCY_WARMUP = 20_000;
    private static final int LATENCY_CALLS = 20_000;
    private static final long SETTLE_MILLIS = 5_000;
    /** Measured rounds per figure; the median is reported. */
    private static final int ROUNDS = 3;

    private final Path dir;
    private final List<String> report = new ArrayList<>();
    /** Machine-readable figure lines, written after the text (see {@link Figure}). */
    private final List<String> figures = new ArrayList<>();

    private BenchMain(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("anytask-bench");
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BenchMain bench = new BenchMain(dir);
        bench.line("anytask client benchmark, " + Instant.now() + ", Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        Process server = bench.startServer();
        try {
            String only = System.getProperty("bench.only", "all");
            if (only.equals("all") || only.equals("latency")) {
                bench.latency();
            }
            if (only.equals("all") || only.equals("throughput")) {
                bench.throughput();
            }
            if (only.equals("all") || only.equals("queued")) {
                bench.queued();
            }
        } finally {
            Processes.killTree(server);
        }
        bench.report.add("");
        bench.report.add(Figure.runLine("client", started, (System.nanoTime() - t0) / 1e9));
        bench.report.addAll(bench.figures);
        String results = System.getProperty("bench.results");
        if (results != null) {
            Path out = Path.of(results);
            Files.createDirectories(out.getParent());
            Files.write(out, bench.report, StandardCharsets.UTF_8);
            System.out.println("results written to " + out);
        }
    }

    private void line(String text) {
        System.out.println(text);
        report.add(text);
    }

    private Process startServer() throws Exception {
        Path socket = dir.resolve("server.sock");
        List<String> cmd = List.of(Processes.java(), "-cp", System.getProperty("java.class.path"),
                "io.anytask.server.cli.TaskServerMain", "--listen", "unix:" + socket, "--name", "bench",
                "--interface", "conformance",
                "--bundle", Path.of(System.getProperty("bench.conformance.bundle")).toAbsolutePath().toString(),
                "--worker-home", Path.of(System.getProperty("bench.worker.home")).toAbsolutePath().toString(),
                "--hung-worker-timeout", "0", "--grace-period", "1");
        return Processes.startAndAwaitLine(cmd, "anytask server listening on ", dir.resolve("server.err"), 120);
    }

    private String endpoint() {
        return "unix:" + dir.resolve("server.sock");
    }

    // ---- latency

    private void latency() throws Exception {
        line("");
        line("== warm round-trip latency, one call at a time (" + LATENCY_CALLS + " measured after "
                + LATENCY_WARMUP + " warm-up)");
        long[] floor = echoFloor();
        long[] raw = rawProtocolLatency();
        long[] client = clientLatency();
        line(String.format(Locale.ROOT, "raw Unix-socket echo, 2 JVMs : median %6.1f us, p99 %6.1f us",
                micros(floor, 0.5), micros(floor, 0.99)));
        line(String.format(Locale.ROOT, "blocking raw protocol client : median %6.1f us, p99 %6.1f us"
                + "  (same request to a real worker; no pool: the worker's share)",
                micros(raw, 0.5), micros(raw, 0.99)));
        line(String.format(Locale.ROOT, "anytask call (echo 1)        : median %6.1f us, p99 %6.1f us",
                micros(client, 0.5), micros(client, 0.99)));
        double ratio = micros(client, 0.5) / micros(floor, 0.5);
        line(String.format(Locale.ROOT, "ratio of medians: %.2fx the floor (goal: <= 1.3x)", ratio));
        figures.add(new Figure("client.latency", "warm round trip of one echo call on a held checkout, one at a"
                + " time", Figure.number(micros(client, 0.5)) + " us", "p99 " + Figure.number(micros(client, 0.99))
                + " us", LATENCY_CALLS + " calls after " + LATENCY_WARMUP, "raw Unix-socket echo between 2 JVMs: "
                + Figure.number(micros(floor, 0.5)) + " us (ratio " + Figure.number(ratio) + "x); blocking raw "
                + "protocol client to a worker: " + Figure.number(micros(raw, 0.5)) + " us", "<= 1.3x the floor",
                Figure.atMost(ratio, 1.3, "x")).line());
    }

    private long[] echoFloor() throws Exception {
        Path socket = dir.resolve("echo.sock");
        Process peer = Processes.startAndAwaitLine(List.of(Processes.java(), "-cp",
                System.getProperty("java.class.path"), EchoPeer.class.getName(), socket.toString()), "ready",
                dir.resolve("echo.err"), 30);
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            byte[] msg = "[\"do\",{},\"echo\",1]".getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocateDirect(msg.length);
            ByteBuffer in = ByteBuffer.allocateDirect(msg.length);
            return timeRoundTrips(() -> {
                writeFully(c, out, msg);
                in.clear();
                while (in.hasRemaining()) {
                    if (c.read(in) < 0) {
                        throw new IllegalStateException("echo peer closed");
                    }
                }
            });
        } finally {
            Processes.killTree(peer);
        }
    }

    /** A blocking socket speaking the protocol directly to a worker through the server: the floor with a worker. */
    private long[] rawProtocolLatency() throws Exception {
        byte[] msg = "[\"do\",{},\"echo\",1]".getBytes(StandardCharsets.UTF_8);
        try (WireConnection c = WireConnection.guarded(UnixDomainSocketAddress.of(dir.resolve("server.sock")),
                Duration.ofMinutes(10))) {
            return timeRoundTrips(() -> c.callOk(msg));
        }
    }

    private long[] clientLatency() throws Exception {
        TaskClientConfig config = TaskClientConfig.builder(endpoint()).name("bench-latency")
                .minWorkers(1).maxWorkers(1).build();
        try (TaskClient client = TaskClient.create(config); Checkout co = client.checkout()) {
            co.call("echo", 1).get(120, TimeUnit.SECONDS);
            Thread.sleep(SETTLE_MILLIS); // let the server finish booting its replacement ready workers
            return timeRoundTrips(() -> co.call("echo", 1).get(10, TimeUnit.SECONDS));
        }
    }

    /** One round trip of a latency measurement. */
    private interface RoundTrip {
        void run() throws Exception;
    }

    /** Runs {@code LATENCY_WARMUP} untimed round trips, then returns the times of {@code LATENCY_CALLS} more. */
    private static long[] timeRoundTrips(RoundTrip trip) throws Exception {
        long[] samples = new long[LATENCY_CALLS];
        for (int i = 0; i < LATENCY_WARMUP + LATENCY_CALLS; i++) {
            long t0 = System.nanoTime();
            trip.run();
            if (i >= LATENCY_WARMUP) {
                samples[i - LATENCY_WARMUP] = System.nanoTime() - t0;
            }
        }
        return samples;
    }

    private static void writeFully(SocketChannel c, ByteBuffer out, byte[] msg) throws IOException {
        out.clear();
        out.put(msg).flip();
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    private static double micros(long[] samples, double quantile) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1_000.0;
    }

    // ---- throughput

    private void throughput() throws Exception {
        line("");
        line("== 10,000 checkouts of one call each (checkout, echo i, release), all made at once; median of " + ROUNDS
                + " rounds on a warm pool");
        for (int workers : new int[] {2, 4, 8}) {
            double[] rounds = checkoutsPerSecond(workers, 10_000);
            double anytask = Figure.median(rounds);
            double python = python(workers, 10_000);
            line(String.format(Locale.ROOT, "max workers %d: anytask %8.0f calls/s   python ProcessPoolExecutor %8.0f "
                    + "calls/s", workers, anytask, python));
            figures.add(new Figure("client.throughput." + workers + "-workers", "10,000 one-call checkouts (checkout,"
                    + " echo i, release) made at once, max workers " + workers + ", on a warmed pool; calls/s",
                    Figure.number(anytask) + " calls/s", Figure.rounds(rounds, "calls/s"), ROUNDS + " rounds",
                    "python ProcessPoolExecutor, same work and workers: " + Figure.number(python) + " calls/s",
                    workers == 4 ? ">= 10,000 calls/s" : "none",
                    workers == 4 ? Figure.atLeast(anytask, 10_000, "calls/s") : "n/a").line());
        }
        line("goal: >= 10,000 calls/s with 4 workers (the original: about 940)");
    }

    private void queued() throws Exception {
        line("");
        line("== checkouts queued at once with 4 workers (every one served; calls/s should stay flat within 20%); "
                + "median of "
                + ROUNDS + " rounds");
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            double[] rounds = checkoutsPerSecond(4, n);
            double rate = Figure.median(rounds);
            figures.add(new Figure("client.queued." + n, n + " one-call checkouts queued at once with 4 workers,"
                    + " warmed pool; calls/s", Figure.number(rate) + " calls/s", Figure.rounds(rounds, "calls/s"),
                    ROUNDS + " rounds", "the other queue lengths of this run (flat within 20%)", "none", "n/a")
                    .line());
            min = Math.min(min, rate);
            max = Math.max(max, rate);
            line(String.format(Locale.ROOT, "%7d queued: %8.0f calls/s", n, rate));
        }
        line(String.format(Locale.ROOT, "spread: slowest is %.0f%% below the fastest", 100 * (1 - min / max)));
        figures.add(new Figure("client.queued.flatness", "slowest of the three queue lengths against the fastest, "
                + "medians of rounds", Figure.number(100 * (1 - min / max)) + "% below the fastest", "n/a", "3 queue"
                + " lengths", "the fastest queue length", "<= 20% below the fastest",
                Figure.atMost(100 * (1 - min / max), 20, "%")).line());
    }

    /**
     * Makes {@code n} one-call checkouts at once on a warm pool of {@code workers}, {@value #ROUNDS} times, checking
     * every result; returns the rate of each round.
     */
    private double[] checkoutsPerSecond(int workers, int n) throws Exception {
        try (TaskClient client = TaskClient.create(PoolThroughput.config(endpoint(), "bench-" + workers, workers, n))) {
            PoolThroughput.warm(client, workers, SETTLE_MILLIS);
            double[] rates = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                rates[round] = PoolThroughput.round(client, n);
            }
            return rates;
        }
    }

    private double python(int workers, int n) throws Exception {
        Path script = dir.resolve("pool.py");
        Files.writeString(script, String.join("\n",
                "import sys, time",
                "from concurrent.futures import ProcessPoolExecutor",
                "def echo(x):",
                "    return x",
                "if __name__ == '__main__':",
                "    n, w = int(sys.argv[1]), int(sys.argv[2])",
                "    with ProcessPoolExecutor(max_workers=w) as ex:",
                "        list(ex.map(echo, range(w * 4)))",
                "        rates = []",
                "        for _ in range(" + ROUNDS + "):",
                "            t0 = time.perf_counter()",
                "            fs = [ex.submit(echo, i) for i in range(n)]",
                "            for i, f in enumerate(fs):",
                "                assert f.result() == i",
                "            rates.append(n / (time.perf_counter() - t0))",
                "    print(sorted(rates)[len(rates) // 2])",
                ""));
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(n), Integer.toString(workers))
                .redirectError(dir.resolve("python.err").toFile()).start();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Double.NaN;
            }
            return Double.parseDouble(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } finally {
            Processes.killTree(p);
        }
    }
}
