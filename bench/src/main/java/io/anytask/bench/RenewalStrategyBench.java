package io.anytask.bench;

import io.anytask.registry.InterfaceTracker;
import io.anytask.worker.internal.FelixBoot;
import io.anytask.worker.internal.WorkerHome;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.osgi.framework.Bundle;

/**
 * How a worker should renew itself (issue 10), measured side by side in one JVM set up as a worker is (its class
 * path and JVM options, run in the worker home): <b>reinstall</b> (keep the framework; uninstall the interface
 * bundle, refresh, install and start it again, until its interface is registered) against <b>restart</b> (stop the
 * whole framework and start a new one with the bundle, until the interface is registered). Rounds alternate the two
 * so that both see the same machine; the first round of each is warm-up and not counted. Wall and CPU time of the
 * renewing thread; the framework's own threads (refresh, SCR) add to the CPU figure of both.
 *
 * <p>Arguments: the conformance bundle, the results file.
 */
public final class RenewalStrategyBench {
    private static final int ROUNDS = 6;
    private static final int REINSTALLS_PER_ROUND = 40;
    private static final int RESTARTS_PER_ROUND = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path bundle;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private FelixBoot felix;
    private InterfaceTracker registry;
    private List<Bundle> installed;
    /** Wall time of a reinstall's steps: discard (uninstall and refresh), install and start, until registered. */
    private final List<long[]> steps = new ArrayList<>();

    private RenewalStrategyBench(Path bundle) {
        this.bundle = bundle;
    }

    public static void main(String[] args) throws Exception {
        RenewalStrategyBench bench = new RenewalStrategyBench(Path.of(args[0]).toAbsolutePath());
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<String> report = new ArrayList<>();
        report.add("anytask renewal strategies, " + started + ", Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, worker JVM options "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
        bench.boot();
        List<long[]> reinstall = new ArrayList<>();
        List<long[]> restart = new ArrayList<>();
        long[] processCpu = new long[2];
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<long[]> a = new ArrayList<>();
                long cpu0 = processCpu();
                for (int i = 0; i < REINSTALLS_PER_ROUND; i++) {
                    a.add(bench.timed(bench::reinstall));
                }
                long cpu1 = processCpu();
                List<long[]> b = new ArrayList<>();
                for (int i = 0; i < RESTARTS_PER_ROUND; i++) {
                    b.add(bench.timed(bench::restart));
                }
                if (round > 0) {
                    processCpu[0] += cpu1 - cpu0;
                    processCpu[1] += processCpu() - cpu1;
                    reinstall.addAll(a);
                    restart.addAll(b);
                }
            }
            bench.memoryOverReinstalls(report);
        } finally {
            bench.registry.close();
            bench.felix.close();
        }
        report.add(line("reinstall (keep the framework)", reinstall));
        report.add(line("restart the framework", restart));
        report.add(String.format(Locale.ROOT, "reinstall steps, median wall time: discard %.2f ms, install and start"
                + " %.2f ms, until the interface is registered %.2f ms", median(bench.steps, 0) / 1e6,
                median(bench.steps, 1) / 1e6, median(bench.steps, 2) / 1e6));
        report.add(String.format(Locale.ROOT, "CPU of the whole JVM (all threads, GC and JIT included) per renewal:"
                + " reinstall %.2f ms, restart %.2f ms", processCpu[0] / 1e6 / reinstall.size(),
                processCpu[1] / 1e6 / restart.size()));
        report.add(String.format(Locale.ROOT, "restart / reinstall, median wall time: %.1fx",
                median(restart, 0) / median(reinstall, 0)));
        String plateau = String.format(Locale.ROOT, "%.1f MB", (bench.rssKb[2] - bench.rssKb[1]) / 1024.0);
        double reinstallMs = median(reinstall, 0) / 1e6;
        double restartMs = median(restart, 0) / 1e6;
        report.add(Figure.runLine("renewal-strategy", started, (System.nanoTime() - t0) / 1e9));
        report.add(new Figure("renewal.strategy.reinstall", "keep the framework: uninstall the interface bundle,"
                + " refresh, install and start it, until its interface is registered (wall time, in a JVM set up as"
                + " a worker)", Figure.number(reinstallMs) + " ms", "p90 " + Figure.number(quantile(reinstall, 0, 0.9)
                / 1e6) + " ms; CPU of all threads " + Figure.number(processCpu[0] / 1e6 / reinstall.size()) + " ms",
                Integer.toString(reinstall.size()), "restart the framework " + Figure.number(restartMs) + " ms (CPU "
                + Figure.number(processCpu[1] / 1e6 / restart.size()) + " ms)", "faster than a restart",
                (reinstallMs < restartMs ? "met: " : "missed: ") + Figure.number(restartMs / reinstallMs)
                + "x faster than a restart").line());
        report.add(new Figure("renewal.strategy.rss-plateau", "resident memory (VmRSS) of the JVM set up as a worker,"
                + " growth from reinstall " + MEMORY_REINSTALLS / 2 + " to reinstall " + MEMORY_REINSTALLS, plateau,
                "at reinstall 0, " + MEMORY_REINSTALLS / 2 + ", " + MEMORY_REINSTALLS + ": " + bench.rssKb[0] / 1024
                + ", " + bench.rssKb[1] / 1024 + ", " + bench.rssKb[2] / 1024 + " MB", "1 JVM",
                "growth over the first " + MEMORY_REINSTALLS / 2 + ": " + String.format(Locale.ROOT, "%.1f MB",
                (bench.rssKb[1] - bench.rssKb[0]) / 1024.0), "none", "n/a").line());
        report.forEach(System.out::println);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
    }

    /** Reinstalls in the memory run; heap, metaspace, code cache and RSS are read at every eighth of it. */
    private static final int MEMORY_REINSTALLS = 2000;
    /** VmRSS in kB at reinstall 0, half-way and at the end of the memory run. */
    private final long[] rssKb = new long[3];

    /**
     * Reinstalls {@link #MEMORY_REINSTALLS} times, reading memory after a GC at every eighth: what grows with
     * renewals (a leak grows steadily; compiled code and the allocator's arenas level off).
     */
    private void memoryOverReinstalls(List<String> report) throws Exception {
        report.add("memory over " + MEMORY_REINSTALLS + " reinstalls (after a GC; kB used/committed):");
        for (int i = 0; i <= MEMORY_REINSTALLS; i++) {
            if (i % (MEMORY_REINSTALLS / 8) == 0) {
                InterfaceTracker.forgetInterfaceClasses();
                System.gc();
                long rss = Processes.residentKb(ProcessHandle.current().pid());
                if (i == 0 || i == MEMORY_REINSTALLS / 2 || i == MEMORY_REINSTALLS) {
                    rssKb[i == 0 ? 0 : i == MEMORY_REINSTALLS ? 2 : 1] = rss;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  reinstall %4d: VmRSS %d, heap %d",
                        i, rss, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024));
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                        line.append(", ").append(pool.getName()).append(' ').append(pool.getUsage().getUsed() / 1024)
                                .append('/').append(pool.getUsage().getCommitted() / 1024);
                    }
                }
                report.add(line.toString());
            }
            if (i < MEMORY_REINSTALLS) {
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

    private long[] timed(Step step) throws Exception {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        step.run();
        return new long[] {System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu};
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
        long t0 = System.nanoTime();
        felix.uninstallAndRefresh(installed, WAIT);
        InterfaceTracker.forgetInterfaceClasses();
        long t1 = System.nanoTime();
        installed = felix.installAndStart(List.of(bundle));
        long t2 = System.nanoTime();
        registry.await("conformance", WAIT);
        steps.add(new long[] {t1 - t0, t2 - t1, System.nanoTime() - t2});
    }

    private void restart() throws Exception {
        registry.close();
        felix.close();
        boot();
    }

    private static String line(String what, List<long[]> samples) {
        return String.format(Locale.ROOT, "%-32s n=%d  wall median %.2f ms, p90 %.2f ms;  CPU of the renewing thread"
                + " median %.2f ms", what, samples.size(), median(samples, 0) / 1e6, quantile(samples, 0, 0.9) / 1e6,
                median(samples, 1) / 1e6);
    }

    private static double median(List<long[]> samples, int field) {
        return Figure.median(field(samples, field));
    }

    private static double quantile(List<long[]> samples, int field, double q) {
        return Figure.quantile(field(samples, field), q);
    }

    private static double[] field(List<long[]> samples, int field) {
        return samples.stream().mapToDouble(s -> s[field]).toArray();
    }
}
