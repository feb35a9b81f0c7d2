package io.anytask.bench;

import io.anytask.registry.InterfaceTracker;
import io.anytask.testsupport.ProcFs;
import io.anytask.worker.internal.FelixBoot;
import io.anytask.worker.internal.WorkerHome;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * How a worker should renew itself (issue 10), measured side by side in one JVM set up as a worker is (its class
 * path and JVM options, run in the worker home), each until the interface is registered again: <b>reinstall</b>
 * (what the worker does: uninstall the interface bundle, refresh if needed, install and start it), <b>update</b>
 * (stop the bundle, make a new revision of it from its jar, start it: the same bundle id) and <b>restart</b> (stop
 * the whole framework and start a new one with the bundle). Rounds alternate the three so that all see the same
 * machine; the first round is warm-up and not counted. Wall time of the renewing thread, and CPU time of the whole
 * JVM (the framework's own threads, GC and JIT included).
 *
 * <p>Arguments: the conformance bundle, the results file.
 */
public final class RenewalStrategyBench {
    private static final int ROUNDS = 6;
    private static final int RENEWALS_PER_ROUND = 40;
    private static final int RESTARTS_PER_ROUND = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path bundle;
    private FelixBoot felix;
    private InterfaceTracker registry;
    private List<Bundle> installed;

    private RenewalStrategyBench(Path bundle) {
        this.bundle = bundle;
    }

    /** One way to renew, its per-round count, and what was measured of it. */
    private record Strategy(String name, String what, int perRound, Step step, List<Long> wall, long[] cpu) {
        Strategy(String name, String what, int perRound, Step step) {
            this(name, what, perRound, step, new ArrayList<>(), new long[1]);
        }

        double medianMs() {
            return Figure.median(wall.stream().mapToDouble(Long::doubleValue).toArray()) / 1e6;
        }

        double p90Ms() {
            return Figure.quantile(wall.stream().mapToDouble(Long::doubleValue).toArray(), 0.9) / 1e6;
        }

        double cpuMs() {
            return cpu[0] / 1e6 / wall.size();
        }
    }

    public static void main(String[] args) throws Exception {
        RenewalStrategyBench bench = new RenewalStrategyBench(Path.of(args[0]).toAbsolutePath());
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<String> report = new ArrayList<>();
        report.add("anytask renewal strategies, " + started + ", Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, worker JVM options "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<Strategy> strategies = List.of(
                new Strategy("reinstall", "uninstall the interface bundle, refresh if needed, install and start it",
                        RENEWALS_PER_ROUND, bench::reinstall),
                new Strategy("update", "stop the interface bundle, update it from its jar, start it",
                        RENEWALS_PER_ROUND, bench::update),
                new Strategy("restart", "stop the framework, start a new one with the bundle", RESTARTS_PER_ROUND,
                        bench::restart));
        bench.boot();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (Strategy strategy : strategies) {
                    List<Long> wall = new ArrayList<>();
                    long cpu = processCpu();
                    for (int i = 0; i < strategy.perRound(); i++) {
                        long start = System.nanoTime();
                        strategy.step().run();
                        wall.add(System.nanoTime() - start);
                    }
                    if (round > 0) {
                        strategy.cpu()[0] += processCpu() - cpu;
                        strategy.wall().addAll(wall);
                    }
                }
            }
            bench.memoryOverRenewals(report);
        } finally {
            bench.registry.close();
            bench.felix.close();
        }
        for (Strategy strategy : strategies) {
            report.add(String.format(Locale.ROOT, "%-10s n=%d  wall median %.2f ms, p90 %.2f ms;  CPU of the whole JVM"
                    + " per renewal %.2f ms (%s)", strategy.name(), strategy.wall().size(), strategy.medianMs(),
                    strategy.p90Ms(), strategy.cpuMs(), strategy.what()));
        }
        Strategy reinstall = strategies.get(0);
        Strategy update = strategies.get(1);
        Strategy restart = strategies.get(2);
        report.add(Figure.runLine("renewal-strategy", started, (System.nanoTime() - t0) / 1e9));
        report.add(new Figure("renewal.strategy.reinstall", "keep the framework: uninstall the interface bundle,"
                + " refresh if needed, install and start it, until its interface is registered (what a worker does;"
                + " wall time, in a JVM set up as a worker)", Figure.number(reinstall.medianMs()) + " ms", "p90 "
                + Figure.number(reinstall.p90Ms()) + " ms; CPU of all threads " + Figure.number(reinstall.cpuMs())
                + " ms", Integer.toString(reinstall.wall().size()), "update in place "
                + Figure.number(update.medianMs()) + " ms (CPU " + Figure.number(update.cpuMs())
                + " ms); restart the framework " + Figure.number(restart.medianMs()) + " ms (CPU "
                + Figure.number(restart.cpuMs()) + " ms)",
                "faster than a restart", (reinstall.medianMs() < restart.medianMs() ? "met: " : "missed: ")
                + Figure.number(restart.medianMs() / reinstall.medianMs()) + "x faster than a restart").line());
        String plateau = String.format(Locale.ROOT, "%.1f MB", (bench.rssKb[2] - bench.rssKb[1]) / 1024.0);
        report.add(new Figure("renewal.strategy.rss-plateau", "resident memory (VmRSS) of the JVM set up as a worker,"
                + " growth from renewal " + MEMORY_RENEWALS / 2 + " to renewal " + MEMORY_RENEWALS + " (reinstall)",
                plateau,
                "at renewal 0, " + MEMORY_RENEWALS / 2 + ", " + MEMORY_RENEWALS + ": " + bench.rssKb[0] / 1024
                + ", " + bench.rssKb[1] / 1024 + ", " + bench.rssKb[2] / 1024 + " MB", "1 JVM",
                "growth over the first " + MEMORY_RENEWALS / 2 + ": " + String.format(Locale.ROOT, "%.1f MB",
                (bench.rssKb[1] - bench.rssKb[0]) / 1024.0), "none", "n/a").line());
        report.forEach(System.out::println);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
    }

    /** Renewals (updates) in the memory run; heap, metaspace, code cache and RSS are read at every eighth of it. */
    private static final int MEMORY_RENEWALS = 2000;
    /** VmRSS in kB at renewal 0, half-way and at the end of the memory run. */
    private final long[] rssKb = new long[3];

    /**
     * Renews {@link #MEMORY_RENEWALS} times as a worker does, reading memory after a GC at every eighth: what grows
     * with renewals (a leak grows steadily; compiled code and the allocator's arenas level off).
     */
    private void memoryOverRenewals(List<String> report) throws Exception {
        report.add("memory over " + MEMORY_RENEWALS + " renewals (after a GC; kB used/committed):");
        for (int i = 0; i <= MEMORY_RENEWALS; i++) {
            if (i % (MEMORY_RENEWALS / 8) == 0) {
                InterfaceTracker.forgetInterfaceClasses();
                System.gc();
                long rss = ProcFs.residentKb(ProcessHandle.current().pid());
                if (i == 0 || i == MEMORY_RENEWALS / 2 || i == MEMORY_RENEWALS) {
                    rssKb[i == 0 ? 0 : i == MEMORY_RENEWALS ? 2 : 1] = rss;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  renewal %4d: VmRSS %d, heap %d",
                        i, rss, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024));
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                        line.append(", ").append(pool.getName()).append(' ').append(pool.getUsage().getUsed() / 1024)
                                .append('/').append(pool.getUsage().getCommitted() / 1024);
                    }
                }
                report.add(line.toString());
            }
            if (i < MEMORY_RENEWALS) {
                reinstall();
            }
        }
    }

    private static long processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void boot() throws Exception {
        Map<String, String> properties = new HashMap<>();
        Properties file = WorkerHome.current().frameworkProperties();
        file.forEach((k, v) -> properties.put((String) k, (String) v));
        String activators = properties.remove(WorkerHome.ACTIVATORS);
        String factory = properties.remove(WorkerHome.FRAMEWORK_FACTORY);
        felix = FelixBoot.start(properties, List.of(activators.split(",")), factory, List.of());
        installed = felix.installAndStart(List.of(bundle));
        registry = InterfaceTracker.open(felix.context());
        registry.await("conformance", WAIT);
    }

    private void reinstall() throws Exception {
        felix.uninstallAndRefresh(installed, WAIT);
        installed = felix.installAndStart(List.of(bundle));
        registry.await("conformance", WAIT);
    }

    /** Bundle.update: the same bundle ids, a new revision each time (a data area would have to be emptied by hand). */
    private void update() throws Exception {
        for (Bundle b : installed) {
            b.stop();
            b.update();
        }
        FrameworkWiring wiring = felix.context().getBundle(0).adapt(FrameworkWiring.class);
        if (!wiring.getRemovalPendingBundles().isEmpty()) {
            CountDownLatch refreshed = new CountDownLatch(1);
            wiring.refreshBundles(installed, e -> refreshed.countDown());
            if (!refreshed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no refresh within " + WAIT);
            }
        }
        for (Bundle b : installed) {
            b.start();
        }
        registry.await("conformance", WAIT);
    }

    private void restart() throws Exception {
        registry.close();
        felix.close();
        boot();
    }
}
