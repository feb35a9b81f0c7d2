package io.anytask.bench;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.testsupport.ProcFs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Worker renewal (issue 10): each figure measured on a server that renews its worker JVMs ({@code maxRenewals
 * 100000}) and, in the same run, on one that starts a new JVM for every client ({@code maxRenewals 0}, strict).
 * The server runs in this JVM with real worker JVMs (the conformance interface); the client is the real
 * {@link TaskClient}. Every loop is bounded in count and in time. Results go to {@code -Dbench.results}.
 *
 * <ol>
 *   <li>churn: a new client every 0.5 s, one checkout, one call: checkout to first result;</li>
 *   <li>max checkouts 1: one-call checkouts one after another, each on a new worker connection;</li>
 *   <li>refork after error: one-call checkouts where every 10th call fails, against none failing;</li>
 *   <li>fresh pool: 10,000 one-call checkouts at once on a just-started pool of 4, against a warmed one;</li>
 *   <li>RSS of one worker JVM after 1,000 renewals, against its RSS at its first ready.</li>
 * </ol>
 */
public final class RenewalBench {
    static final int RENEWING = 100_000;
    static final int STRICT = 0;
    private static final int CHURN_UNMEASURED = 3;
    private static final int CHURN_CLIENTS = 20;
    private static final long CHURN_PERIOD_MILLIS = 500;
    private static final int FLOOR_CALLS = 2_000;
    private static final int ROUNDS = 3;
    private static final int SEQUENTIAL_MAX = 700;
    private static final Duration SEQUENTIAL_TIME = Duration.ofSeconds(7);
    private static final int FRESH_CHECKOUTS = 10_000;
    private static final int FRESH_WORKERS = 4;
    private static final int RSS_RENEWALS = 1_000;
    private static final Duration RSS_TIME = Duration.ofSeconds(120);
    /** Checkouts before the RSS figure's start: a first worker refused renewal is replaced by then. */
    private static final int RSS_SETTLE = 10;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long CALL_SECONDS = 30;

    private final Path workerHome;
    private final Path bundle;
    private final Path dir;
    private final List<String> workerOptions;
    private final List<String> lines = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();

    private RenewalBench(Path workerHome, Path bundle, Path dir, List<String> workerOptions) {
        this.workerHome = workerHome;
        this.bundle = bundle;
        this.dir = dir;
        this.workerOptions = workerOptions;
    }

    public static void main(String[] args) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Path results = Path.of(required("bench.results"));
        List<String> options = Arrays.stream(System.getProperty("bench.worker.options", "").split(" "))
                .filter(o -> !o.isBlank()).toList();
        RenewalBench bench = new RenewalBench(Path.of(required("bench.worker.home")),
                Path.of(required("bench.conformance.bundle")), Files.createTempDirectory("anytask-renewal-"),
                options);
        bench.header(started);
        String only = System.getProperty("bench.only", "churn,max1,refork,fresh,rss");
        if (only.contains("churn")) {
            bench.churn();
        }
        if (only.contains("max1")) {
            bench.maxCheckoutsOne();
        }
        if (only.contains("refork")) {
            bench.reforkAfterError();
        }
        if (only.contains("fresh")) {
            bench.freshPool(Integer.getInteger("bench.fresh.rounds", ROUNDS),
                    Boolean.parseBoolean(System.getProperty("bench.fresh.strict", "true")));
        }
        if (only.contains("rss")) {
            bench.rss();
        }
        bench.lines.add("");
        bench.lines.add(Figure.runLine("renewal", started, (System.nanoTime() - t0) / 1e9));
        bench.lines.addAll(bench.figures);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.write(results, bench.lines, StandardCharsets.UTF_8);
        System.out.println("results written to " + results);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalArgumentException("-D" + property + " is required");
        }
        return value;
    }

    private void say(String line) {
        System.out.println(line);
        lines.add(line);
    }

    private void figure(Figure figure) {
        System.out.println(figure.line());
        figures.add(figure.line());
    }

    private void header(Instant started) {
        say("# anytask worker renewal benchmark (bench/ RenewalBench), " + started);
        say("# java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs, kernel " + Figure.read("/proc/sys/kernel/"
                + "osrelease") + ", load average at start " + Figure.read("/proc/loadavg"));
        say("# server: TaskServer in this JVM, conformance interface, Unix socket; client: TaskClient in this JVM;"
                + " worker JVM options added: " + (workerOptions.isEmpty() ? "none" : String.join(" ", workerOptions))
                + "; worker java: " + System.getProperty("bench.worker.java", "the server's"));
        say("# each figure runs twice side by side: renewal (maxRenewals " + RENEWING + ") and strict (maxRenewals "
                + STRICT + ", a new worker JVM for every client)");
        say("# note: the machine may be shared with other builds while this runs; read the ratios");
    }

    private static String mode(int maxRenewals) {
        return maxRenewals == STRICT ? "strict" : "renewal";
    }

    private TaskServer start(String name, int maxRenewals, int ready, int max) {
        ServerConfig.Builder config = ServerConfig.builder()
                .endpoint(new Endpoint.Unix(dir.resolve(name + ".sock")))
                .interfaceName("conformance").bundle(bundle).workerHome(workerHome).name(name)
                .readyWorkers(ready).maxWorkers(max).maxRenewals(maxRenewals).gracePeriod(Duration.ofSeconds(2));
        workerOptions.forEach(config::workerJvmOption);
        String java = System.getProperty("bench.worker.java", "");
        if (!java.isBlank()) {
            config.workerJava(Path.of(java));
        }
        return TaskServer.start(config.build());
    }

    /** Waits until {@code ready} workers are ready and warm and none is booting, so a sample does not share the CPU. */
    private static void awaitReady(TaskServer server, int ready) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (server.workers().warm() < ready || server.workers().booting() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workers not ready within " + READY_TIMEOUT + ": " + server.workers());
            }
            Thread.sleep(10);
        }
    }

    private static TaskClientConfig.Builder client(TaskServer server, String name) {
        return TaskClientConfig.builder(server.endpoint()).name(name).timeout(Duration.ofSeconds(CALL_SECONDS));
    }

    // ---- 1. churn

    private void churn() throws Exception {
        say("");
        say("== 1. churn: a new TaskClient every " + CHURN_PERIOD_MILLIS + " ms makes one checkout with one echo call"
                + " and closes; time from checkout() to the call's result (" + CHURN_CLIENTS + " clients after "
                + CHURN_UNMEASURED + " unmeasured); server default ready workers (" + ServerConfig.DEFAULT_READY_WORKERS
                + ")");
        double[][] firsts = new double[2][];
        double[] floors = new double[2];
        int[] jvms = new int[2];
        int[] modes = {RENEWING, STRICT};
        for (int m = 0; m < 2; m++) {
            try (TaskServer server = start("churn-" + mode(modes[m]), modes[m], ServerConfig.DEFAULT_READY_WORKERS,
                    ServerConfig.DEFAULT_MAX_WORKERS)) {
                awaitReady(server, ServerConfig.DEFAULT_READY_WORKERS);
                floors[m] = warmRoundTripMillis(server);
                awaitReady(server, ServerConfig.DEFAULT_READY_WORKERS);
                firsts[m] = churnFirstResults(server);
                jvms[m] = jvmsStarted(server);
            }
            say(String.format(Locale.ROOT, "%-7s: checkout to first result median %s ms, %s (%d clients, %d worker"
                    + " JVMs started in all); warm round trip on a held checkout (floor) median %s ms", mode(modes[m]),
                    Figure.number(Figure.median(firsts[m])), Figure.spread(firsts[m], "ms"), firsts[m].length,
                    jvms[m], Figure.number(floors[m])));
        }
        double renewal = Figure.median(firsts[0]);
        double strict = Figure.median(firsts[1]);
        say(String.format(Locale.ROOT, "ratio of medians renewal / strict: %.3f; goal renewal median <= 10 ms: %s",
                renewal / strict, Figure.atMost(renewal, 10, "ms")));
        for (int m = 0; m < 2; m++) {
            figure(new Figure("renewal.churn." + mode(modes[m]), "a new TaskClient every 0.5 s: checkout() to the"
                    + " result of its one echo call (" + mode(modes[m]) + ")", Figure.number(Figure.median(firsts[m]))
                    + " ms", Figure.spread(firsts[m], "ms"), firsts[m].length + " clients (" + jvms[m] + " worker JVMs"
                    + " started)", "warm round trip on a held"
                    + " checkout: " + Figure.number(floors[m]) + " ms" + (m == 0 ? "; strict median: "
                    + Figure.number(strict) + " ms (renewal / strict " + Figure.number(renewal / strict) + ")" : ""),
                    m == 0 ? "renewal median <= 10 ms" : "none", m == 0 ? Figure.atMost(renewal, 10, "ms") : "n/a"));
        }
    }

    /** Median of {@value #FLOOR_CALLS} echo round trips on a held checkout, after as many unmeasured. */
    private static double warmRoundTripMillis(TaskServer server) throws Exception {
        TaskClientConfig config = client(server, "floor").minWorkers(1).maxWorkers(1).build();
        try (TaskClient client = TaskClient.create(config); Checkout co = client.checkout()) {
            double[] samples = new double[FLOOR_CALLS];
            for (int i = 0; i < 2 * FLOOR_CALLS; i++) {
                long t0 = System.nanoTime();
                co.call("echo", i).get(CALL_SECONDS, TimeUnit.SECONDS);
                if (i >= FLOOR_CALLS) {
                    samples[i - FLOOR_CALLS] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return Figure.median(samples);
        }
    }

    private static double[] churnFirstResults(TaskServer server) throws Exception {
        int total = CHURN_UNMEASURED + CHURN_CLIENTS;
        double[] samples = new double[CHURN_CLIENTS];
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long next = System.nanoTime();
        int measured = 0;
        for (int i = 0; i < total && System.nanoTime() < deadline; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += CHURN_PERIOD_MILLIS * 1_000_000;
            // minWorkers 0: the client opens no connection before its checkout asks for one.
            TaskClientConfig config = client(server, "churn-" + i).minWorkers(0).maxWorkers(1).build();
            try (TaskClient client = TaskClient.create(config)) {
                long t0 = System.nanoTime();
                try (Checkout co = client.checkout()) {
                    if (co.call("echo", i).get(CALL_SECONDS, TimeUnit.SECONDS).get(0).asInt() != i) {
                        throw new IllegalStateException("wrong echo for client " + i);
                    }
                }
                if (i >= CHURN_UNMEASURED) {
                    samples[measured++] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return Arrays.copyOf(samples, measured);
    }

    // ---- 2. max checkouts 1

    private void maxCheckoutsOne() throws Exception {
        say("");
        say("== 2. max checkouts 1: a client with maxCheckouts(1) makes one-call checkouts one after another (each"
                + " on a new worker connection); checkouts/s, " + ROUNDS + " rounds of at most " + SEQUENTIAL_MAX
                + " checkouts or " + SEQUENTIAL_TIME.toSeconds() + " s; server default ready workers");
        int[] modes = {RENEWING, STRICT};
        double[][] rates = new double[2][ROUNDS];
        int[] jvms = new int[2];
        for (int m = 0; m < 2; m++) {
            try (TaskServer server = start("max1-" + mode(modes[m]), modes[m], ServerConfig.DEFAULT_READY_WORKERS,
                    ServerConfig.DEFAULT_MAX_WORKERS)) {
                for (int round = 0; round < ROUNDS; round++) {
                    awaitReady(server, ServerConfig.DEFAULT_READY_WORKERS);
                    TaskClientConfig config = client(server, "max1").maxCheckouts(1).build();
                    try (TaskClient client = TaskClient.create(config)) {
                        rates[m][round] = sequentialRate(client, 0);
                    }
                }
                jvms[m] = jvmsStarted(server);
            }
            say(String.format(Locale.ROOT, "%-7s: median %s checkouts/s (%s; %d worker JVMs started in all)",
                    mode(modes[m]), Figure.number(Figure.median(rates[m])), Figure.rounds(rates[m], "checkouts/s"),
                    jvms[m]));
        }
        double renewal = Figure.median(rates[0]);
        double strict = Figure.median(rates[1]);
        say(String.format(Locale.ROOT, "ratio of medians renewal / strict: %.1f; goal renewal >= 150/s: %s",
                renewal / strict, Figure.atLeast(renewal, 150, "checkouts/s")));
        for (int m = 0; m < 2; m++) {
            figure(new Figure("renewal.max-checkouts-1." + mode(modes[m]), "one-call checkouts one after another on a"
                    + " client with maxCheckouts(1), a new worker connection for each (" + mode(modes[m]) + ")",
                    Figure.number(Figure.median(rates[m])) + " checkouts/s", Figure.rounds(rates[m], "checkouts/s"),
                    ROUNDS + " rounds (" + jvms[m] + " worker JVMs started)",
                    m == 0 ? "strict: " + Figure.number(strict) + " checkouts/s (renewal / strict "
                    + Figure.number(renewal / strict) + ")" : "none", m == 0 ? "renewal >= 150 checkouts/s" : "none",
                    m == 0 ? Figure.atLeast(renewal, 150, "checkouts/s") : "n/a"));
        }
    }

    /**
     * One-call checkouts one after another, at most {@value #SEQUENTIAL_MAX} or {@link #SEQUENTIAL_TIME}; every
     * {@code failEvery}-th call (0: none) is {@code fail}, whose error is expected. Returns checkouts per second.
     */
    private static double sequentialRate(TaskClient client, int failEvery) throws Exception {
        long t0 = System.nanoTime();
        long end = t0 + SEQUENTIAL_TIME.toNanos();
        int n = 0;
        while (n < SEQUENTIAL_MAX && System.nanoTime() < end) {
            try (Checkout co = client.checkout()) {
                if (failEvery > 0 && n % failEvery == failEvery - 1) {
                    try {
                        co.call("fail", "bench").get(CALL_SECONDS, TimeUnit.SECONDS);
                        throw new IllegalStateException("fail did not fail");
                    } catch (ExecutionException expected) {
                        // the interface's error: the client retires this worker when the checkout is released
                    }
                } else if (co.call("echo", n).get(CALL_SECONDS, TimeUnit.SECONDS).get(0).asInt() != n) {
                    throw new IllegalStateException("wrong echo for checkout " + n);
                }
            }
            n++;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    // ---- 3. refork after error

    private void reforkAfterError() throws Exception {
        say("");
        say("== 3. refork after error: one-call checkouts one after another (client defaults: the worker is retired"
                + " after an error), every 10th call 'fail', against none failing; " + ROUNDS + " rounds each,"
                + " alternating, of at most " + SEQUENTIAL_MAX + " checkouts or " + SEQUENTIAL_TIME.toSeconds() + " s");
        int[] modes = {RENEWING, STRICT};
        double[] ratios = new double[2];
        double[][] failing = new double[2][ROUNDS];
        double[][] clean = new double[2][ROUNDS];
        int[] jvms = new int[2];
        for (int m = 0; m < 2; m++) {
            try (TaskServer server = start("refork-" + mode(modes[m]), modes[m], ServerConfig.DEFAULT_READY_WORKERS,
                    ServerConfig.DEFAULT_MAX_WORKERS)) {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int failEvery : new int[] {0, 10}) {
                        awaitReady(server, ServerConfig.DEFAULT_READY_WORKERS);
                        try (TaskClient client = TaskClient.create(client(server, "refork").build())) {
                            double rate = sequentialRate(client, failEvery);
                            (failEvery == 0 ? clean : failing)[m][round] = rate;
                        }
                    }
                }
                jvms[m] = jvmsStarted(server);
            }
            ratios[m] = Figure.median(failing[m]) / Figure.median(clean[m]);
            say(String.format(Locale.ROOT, "%-7s: every 10th failing median %s checkouts/s (%s); none failing median"
                    + " %s checkouts/s (%s); ratio %.3f; %d worker JVMs started in all", mode(modes[m]),
                    Figure.number(Figure.median(failing[m])), Figure.rounds(failing[m], "/s"),
                    Figure.number(Figure.median(clean[m])), Figure.rounds(clean[m], "/s"), ratios[m], jvms[m]));
        }
        say("goal: renewal ratio >= 0.5: " + Figure.atLeast(ratios[0], 0.5, "x"));
        for (int m = 0; m < 2; m++) {
            figure(new Figure("renewal.refork-after-error." + mode(modes[m]), "one-call checkouts one after another,"
                    + " every 10th call fails and retires its worker: rate with failures / rate without ("
                    + mode(modes[m]) + ")", Figure.number(ratios[m]) + "x", "with failures "
                    + Figure.rounds(failing[m], "/s") + "; without " + Figure.rounds(clean[m], "/s"), ROUNDS
                    + " rounds each (" + jvms[m] + " worker JVMs started)",
                    "the same checkouts without failures, alternating: "
                    + Figure.number(Figure.median(clean[m])) + " checkouts/s" + (m == 0 ? "; strict ratio "
                    + Figure.number(ratios[1]) : ""), m == 0 ? "renewal ratio >= 0.5" : "none",
                    m == 0 ? Figure.atLeast(ratios[0], 0.5, "x") : "n/a"));
        }
    }

    // ---- 4. fresh pool

    private void freshPool(int rounds, boolean withStrict) throws Exception {
        say("");
        say("== 4. fresh pool: " + FRESH_CHECKOUTS + " one-call checkouts at once with " + FRESH_WORKERS + " workers"
                + " (client max workers " + FRESH_WORKERS + ", server ready and max workers " + FRESH_WORKERS + ") on"
                + " a just-started server, against the same after " + PoolThroughput.WARMUP_PER_WORKER + " checkouts"
                + " per worker; a new server each round, " + rounds + " rounds after one uncounted (it warms the"
                + " benchmark JVM's own client and server code)");
        int[] modes = withStrict ? new int[] {RENEWING, STRICT} : new int[] {RENEWING};
        for (int mode : modes) {
            double[] fresh = new double[rounds];
            double[] warmed = new double[rounds];
            double[] ratios = new double[rounds];
            // Round -1 is not counted: it warms this JVM's client and server code, which a fresh pool is not about.
            for (int round = -1; round < rounds; round++) {
                try (TaskServer server = start("fresh-" + mode(mode) + "-" + round, mode, FRESH_WORKERS,
                        FRESH_WORKERS)) {
                    awaitReady(server, FRESH_WORKERS);
                    TaskClientConfig config = PoolThroughput.config(server.endpoint().toString(), "fresh",
                            FRESH_WORKERS, FRESH_CHECKOUTS);
                    try (TaskClient client = TaskClient.create(config)) {
                        PoolThroughput.connect(client, FRESH_WORKERS);
                        double freshRate = PoolThroughput.round(client, FRESH_CHECKOUTS);
                        PoolThroughput.warm(client, FRESH_WORKERS, 3_000);
                        double warmedRate = PoolThroughput.round(client, FRESH_CHECKOUTS);
                        if (round >= 0) {
                            fresh[round] = freshRate;
                            warmed[round] = warmedRate;
                            ratios[round] = freshRate / warmedRate;
                        }
                    }
                }
            }
            double ratio = Figure.median(ratios);
            say(String.format(Locale.ROOT, "%-7s: fresh median %s calls/s (%s); warmed median %s calls/s (%s);"
                    + " fresh / warmed median %.3f (%s); goal >= 0.8: %s", mode(mode),
                    Figure.number(Figure.median(fresh)), Figure.rounds(fresh, "/s"),
                    Figure.number(Figure.median(warmed)), Figure.rounds(warmed, "/s"), ratio,
                    Figure.rounds(ratios, "x"), Figure.atLeast(ratio, 0.8, "x")));
            figure(new Figure("renewal.fresh-pool." + mode(mode), FRESH_CHECKOUTS + " one-call checkouts at once, "
                    + FRESH_WORKERS + " workers, on a just-started server: calls/s fresh / calls/s warmed ("
                    + mode(mode) + ")", Figure.number(ratio) + "x", "ratios " + Figure.rounds(ratios, "x")
                    + "; fresh " + Figure.rounds(fresh, "calls/s"), rounds + " rounds, a new server each",
                    "the same pool after " + PoolThroughput.WARMUP_PER_WORKER + " checkouts per worker: "
                    + Figure.rounds(warmed, "calls/s"), "fresh >= 0.8x warmed", Figure.atLeast(ratio, 0.8, "x")));
        }
    }

    // ---- 5. RSS

    private void rss() throws Exception {
        say("");
        say("== 5. RSS: one worker (ready and max workers 1), VmRSS at ready (warm) after " + RSS_SETTLE + " settling"
                + " one-call checkouts on a client with maxCheckouts(1), and after " + RSS_RENEWALS + " more;"
                + " strict: a new JVM's RSS at ready after such checkouts");
        RssRun renewal = rssAfter(2_000, RSS_RENEWALS);
        RssRun strict = rssAfter(STRICT, 5);
        double growth = (renewal.endKb() - renewal.startKb()) / 1024.0;
        // The figure holds only if one JVM served them all; else say what happened instead of a growth.
        String verdict = renewal.oneJvm() ? Figure.atMost(growth, 10, "MB") : "not measured: " + renewal.checkouts()
                + " checkouts in " + RSS_TIME.toSeconds() + " s at most, and the worker at the end (" + renewal.end()
                + ") is not the one measured before them (" + renewal.start() + ") renewed for each";
        String first = renewal.first().pid() == renewal.start().pid() ? "the same JVM" : String.format(Locale.ROOT,
                "another JVM: the first, pid %d, was replaced", renewal.first().pid());
        say(String.format(Locale.ROOT, "renewal: first worker at first ready %.1f MB; after %d settling checkouts"
                + " (%s) %.1f MB, pid %d, %d renewals; after %d more checkouts %.1f MB, pid %d, %d renewals, worker"
                + " number %d: growth %.1f MB; goal <= 10 MB: %s", renewal.firstKb() / 1024.0, RSS_SETTLE, first,
                renewal.startKb() / 1024.0, renewal.start().pid(), renewal.start().renewals(), renewal.checkouts(),
                renewal.endKb() / 1024.0, renewal.end().pid(), renewal.end().renewals(), renewal.end().number(),
                growth, verdict));
        say(String.format(Locale.ROOT, "strict : first worker at ready %.1f MB, a new worker at ready after %d + 5"
                + " checkouts %.1f MB; renewed at the end / new JVM %.2f", strict.firstKb() / 1024.0, RSS_SETTLE,
                strict.endKb() / 1024.0, (double) renewal.endKb() / strict.endKb()));
        figure(new Figure("renewal.rss-growth.renewal", "VmRSS growth of one worker JVM over " + renewal.checkouts()
                + " renewals (one-call checkouts, maxCheckouts(1)), each read at ready; the start is read after "
                + RSS_SETTLE + " settling checkouts (" + first + ")", Figure.number(growth) + " MB",
                String.format(Locale.ROOT, "%.1f to %.1f MB; the first worker at first ready %.1f MB",
                renewal.startKb() / 1024.0, renewal.endKb() / 1024.0, renewal.firstKb() / 1024.0), "1 worker",
                String.format(Locale.ROOT, "strict: a new JVM at ready %.1f MB (renewed / new %.2f)",
                strict.endKb() / 1024.0, (double) renewal.endKb() / strict.endKb()), "growth <= 10 MB", verdict));
    }

    /**
     * One worker (ready and max workers 1): its VmRSS at its first ready; then {@value #RSS_SETTLE} one-call checkouts
     * (a worker refused renewal is replaced: the JVM that renews is the one to measure), its VmRSS at ready; then
     * {@code checkouts} more, at most {@link #RSS_TIME}, and the VmRSS of the worker at ready after them.
     */
    private RssRun rssAfter(int maxRenewals, int checkouts) throws Exception {
        try (TaskServer server = start("rss-" + mode(maxRenewals), maxRenewals, 1, 1)) {
            awaitReady(server, 1);
            WorkerInfo first = onlyWorker(server);
            long firstKb = ProcFs.residentKb(first.pid());
            TaskClientConfig config = client(server, "rss").minWorkers(0).maxWorkers(1).maxCheckouts(1).build();
            long deadline = System.nanoTime() + RSS_TIME.toNanos();
            int done = 0;
            WorkerInfo start;
            long startKb;
            try (TaskClient client = TaskClient.create(config)) {
                oneCallCheckouts(client, RSS_SETTLE, deadline);
                awaitReady(server, 1);
                start = onlyWorker(server);
                startKb = ProcFs.residentKb(start.pid());
                done = oneCallCheckouts(client, checkouts, deadline);
            }
            awaitReady(server, 1);
            WorkerInfo end = onlyWorker(server);
            return new RssRun(first, firstKb, start, startKb, end, ProcFs.residentKb(end.pid()), done);
        }
    }

    /** What {@link #rssAfter} saw: the first worker, the one after the settling checkouts, the one at the end. */
    private record RssRun(WorkerInfo first, long firstKb, WorkerInfo start, long startKb, WorkerInfo end, long endKb,
            int checkouts) {
        boolean oneJvm() {
            return end.pid() == start.pid() && end.renewals() - start.renewals() >= checkouts;
        }
    }

    /** One-call checkouts one after another, at most {@code n} and until {@code deadline}; returns how many. */
    private static int oneCallCheckouts(TaskClient client, int n, long deadline) throws Exception {
        int done = 0;
        while (done < n && System.nanoTime() < deadline) {
            try (Checkout co = client.checkout()) {
                co.call("echo", done).get(CALL_SECONDS, TimeUnit.SECONDS);
            }
            done++;
        }
        return done;
    }

    /** The highest worker number the server has given: how many worker JVMs it started so far. */
    private static int jvmsStarted(TaskServer server) {
        return server.listWorkers().stream().mapToInt(WorkerInfo::number).max().orElse(0);
    }

    private static WorkerInfo onlyWorker(TaskServer server) {
        List<WorkerInfo> workers = server.listWorkers();
        if (workers.size() != 1) {
            throw new IllegalStateException("expected one worker, found " + workers);
        }
        return workers.get(0);
    }

    static {
        // Server log lines go to stderr, out of the way of the results on stdout.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %5$s%6$s%n");
    }
}
