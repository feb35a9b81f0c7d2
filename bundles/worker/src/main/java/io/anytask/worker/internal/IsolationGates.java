package io.anytask.worker.internal;

import io.anytask.registry.InterfaceTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * What decides whether a worker may be renewed: a renewal must leave the interface's code nothing a new process
 * would not have, or not happen. The gates compare the JVM after the interface bundles were discarded (and again
 * after fresh ones were installed) with a baseline taken before the first client, and each failing gate is named
 * in the reason the worker gives for exiting instead.
 *
 * <ul>
 *   <li><b>Threads</b>: every thread started since the framework's own (other than the worker's {@code anytask-}
 *       threads, those the framework starts on first use, the JDK's system threads and its common fork-join pool)
 *       must have ended once the bundles are stopped (waiting at most {@link #THREAD_END_WAIT}).</li>
 *   <li><b>Child processes</b> must have ended; any still running are killed.</li>
 *   <li><b>File descriptors</b> (Linux {@code /proc/self/fd}) must be back to the baseline count.</li>
 *   <li><b>JVM-wide settings</b> must be as they were: system properties, the default locale (every category),
 *       the default time zone, the JDBC drivers registered with {@code DriverManager} that the worker's class path
 *       can see (a driver of a bundle keeps that bundle's class loader reachable: the class loader gate), the
 *       security providers, {@code System.in/out/err} and the default uncaught exception handler.</li>
 *   <li><b>Class loaders</b> of discarded bundles must be collectable: every {@link Limits#loaderCheckEvery}
 *       renewals (and on the first), and whenever memory is past a limit, the worker forces a GC and checks weak
 *       references to them. This also catches what holds the old code from JDK state: shutdown hooks, logging
 *       handlers, {@code URL} handler factories and the like.</li>
 *   <li><b>Memory</b>: heap and metaspace after a GC, and resident memory, may not grow past their limits over
 *       the baseline (heap and metaspace measured after a GC before the first client).</li>
 * </ul>
 *
 * <p>The limits are read from system properties of the worker JVM (the server's worker JVM options), see
 * {@link Limits}. Not thread-safe: the worker's main thread uses it between clients.
 */
final class IsolationGates {
    /** How long the threads the interface's code started get to end after its bundles stopped. */
    static final java.time.Duration THREAD_END_WAIT = java.time.Duration.ofMillis(500);
    /** How long descriptors get to be closed (a close that waits for another thread's I/O to end). */
    static final java.time.Duration DESCRIPTOR_CLOSE_WAIT = java.time.Duration.ofMillis(200);
    private static final long MB = 1024 * 1024;
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Files the JDK opens on first use and keeps open: not the interface's descriptors, whoever used them first. */
    private static final Set<String> JDK_KEEPS_OPEN = Set.of("/dev/random", "/dev/urandom");
    /**
     * Threads that the worker's framework starts on first use rather than at its start, and keeps: Felix's refresh
     * thread (at the first renewal) and Felix SCR's timer (when the first component is registered).
     */
    private static final Set<String> FRAMEWORK_THREADS_ON_DEMAND = Set.of("FelixFrameworkWiring",
            "SCR Component Registry");

    /**
     * The gates' limits, from system properties of the worker JVM.
     *
     * @param loaderCheckEvery {@code anytask.worker.loaderCheckEvery} (default 16): a GC and a check of the
     *     discarded class loaders every that many renewals
     * @param maxHeapGrowthMb {@code anytask.worker.maxHeapGrowthMb} (default 64): heap in use after a GC, over
     *     the baseline
     * @param maxMetaspaceGrowthMb {@code anytask.worker.maxMetaspaceGrowthMb} (default 32): metaspace in use
     *     after a GC, over the baseline
     * @param maxRssGrowthMb {@code anytask.worker.maxRssGrowthMb} (default 128): resident memory over the
     *     baseline
     */
    record Limits(int loaderCheckEvery, long maxHeapGrowthMb, long maxMetaspaceGrowthMb, long maxRssGrowthMb) {
        static Limits fromSystemProperties() {
            return new Limits((int) Math.max(1, property("loaderCheckEvery", 16)), property("maxHeapGrowthMb", 64),
                    property("maxMetaspaceGrowthMb", 32), property("maxRssGrowthMb", 128));
        }

        private static long property(String name, long fallback) {
            String value = System.getProperty("anytask.worker." + name);
            if (value == null) {
                return fallback;
            }
            try {
                return Math.max(0, Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                System.err.println("anytask worker: ignoring -Danytask.worker." + name + "=" + value
                        + " (expected: a whole number); using " + fallback);
                return fallback;
            }
        }
    }

    private final Limits limits;
    private final Set<Thread> frameworkThreads;
    private final List<WeakReference<ClassLoader>> discarded = new ArrayList<>();
    /** Written by the baseline thread, read after {@link #awaitBaseline()} (which joins it). */
    private JvmSettings settings;
    private Thread baseline;
    private Map<String, String> fds;
    private long rssKb = -1;
    /** Heap and metaspace in use after a GC before the first client; written by the baseline thread. */
    private long heapAfterGc = -1;
    private long metaspaceAfterGc = -1;

    private IsolationGates(Limits limits, Set<Thread> frameworkThreads) {
        this.limits = limits;
        this.frameworkThreads = frameworkThreads;
    }

    /** Notes the threads alive now, with the framework started and before the interface bundles are. */
    static IsolationGates beforeInterfaceBundles(Limits limits) {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        threads.addAll(liveThreads());
        return new IsolationGates(limits, threads);
    }

    /**
     * Takes the baseline once the interface bundles are started, before the first client. Reading the JVM-wide
     * settings initialises parts of the JDK a worker may not use otherwise (JDBC, security providers), and heap and
     * metaspace are measured after a GC, so that part runs on a thread of its own, off the worker's way to ready;
     * {@link #awaitBaseline()} waits for it before the interface's code runs for a client.
     */
    void takeBaseline() {
        createJdkDescriptors();
        fds = openDescriptors();
        rssKb = residentKb();
        baseline = new Thread(() -> {
            settings = JvmSettings.now();
            System.gc();
            heapAfterGc = heapUsed();
            metaspaceAfterGc = metaspaceUsed();
        }, "anytask-isolation-baseline");
        baseline.setDaemon(true);
        baseline.start();
    }

    /**
     * Makes the JDK create the descriptors it creates once, on first use, and keeps for the JVM's life, so that the
     * baseline holds them whoever would have used them first: NIO's pre-close socket (one end of a socket pair that
     * the JDK duplicates over descriptors it closes while another thread uses them), made at the first close of a
     * socket channel on newer JDKs (seen on Java 25; at start-up on Java 17). Without this, a worker on such a JDK
     * found one more socket after its first client and was never renewed. The {@link Preloader} has usually done
     * this already, off the way to ready; then it costs microseconds.
     */
    private static void createJdkDescriptors() {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException | RuntimeException e) {
            // then the JDK cannot make it later either
        }
    }

    /** Waits until the baseline of {@link #takeBaseline()} is complete. */
    void awaitBaseline() {
        Thread thread = baseline;
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        baseline = null;
    }

    /**
     * Remembers the class loaders of bundles about to be discarded, weakly, to check later that they were collected.
     * Takes the bundles rather than their loaders so that no caller's frame holds a loader strongly.
     */
    void discarding(List<Bundle> bundles) {
        for (Bundle bundle : bundles) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
            if (loader != null) {
                discarded.add(new WeakReference<>(loader));
            }
        }
    }

    /**
     * The gates that apply once the interface bundles are stopped and uninstalled: threads and child processes.
     *
     * @return why the worker may not be renewed, or empty
     */
    Optional<String> afterDiscard() {
        long deadline = System.nanoTime() + THREAD_END_WAIT.toNanos();
        for (Thread thread : foreignThreads()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                if (left > 0) {
                    thread.join(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting for the interface's threads to end");
            }
            if (thread.isAlive()) {
                return Optional.of("thread \"" + thread.getName() + "\" started by the interface's code is still"
                        + " alive");
            }
        }
        List<ProcessHandle> children = children();
        if (!children.isEmpty()) {
            children.forEach(child -> {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            });
            return Optional.of("child process " + children.get(0).pid() + " is still running (killed it)");
        }
        return Optional.empty();
    }

    /**
     * The gates that apply once fresh interface bundles are installed: JVM-wide settings, descriptors, memory and,
     * when due, the discarded class loaders.
     *
     * @param renewal which renewal of this worker this is, from 1
     * @return why the worker may not be renewed, or empty
     */
    Optional<String> afterReinstall(int renewal) {
        awaitBaseline();
        Optional<String> changed = settings.differenceFrom(JvmSettings.now());
        if (changed.isPresent()) {
            return changed;
        }
        boolean collected = false;
        if (renewal == 1 || renewal % limits.loaderCheckEvery() == 0 || memoryPastLimit()) {
            collect();
            collected = true;
        }
        Map<String, String> openNow = openDescriptors();
        if (fds != null && openNow != null && openNow.size() > fds.size()) {
            // descriptors of unreachable streams and sockets are closed by their cleaners after a GC
            if (!collected) {
                collect();
                collected = true;
            }
            long deadline = System.nanoTime() + DESCRIPTOR_CLOSE_WAIT.toNanos();
            while (openNow != null && openNow.size() > fds.size() && System.nanoTime() - deadline < 0) {
                sleepAMillisecond();
                openNow = openDescriptors();
            }
            if (openNow != null && openNow.size() > fds.size()) {
                List<String> added = new ArrayList<>();
                openNow.forEach((fd, target) -> {
                    if (!target.equals(fds.get(fd))) {
                        added.add(fd + " -> " + target);
                    }
                });
                return Optional.of(openNow.size() + " file descriptors are open, " + (openNow.size() - fds.size())
                        + " more than before the first client " + added);
            }
        }
        long rssNow = residentKb();
        if (rssKb >= 0 && rssNow - rssKb > limits.maxRssGrowthMb() * 1024) {
            return Optional.of("resident memory grew by " + (rssNow - rssKb) / 1024 + " MB (limit "
                    + limits.maxRssGrowthMb() + " MB)");
        }
        return collected ? afterGc() : Optional.empty();
    }

    /**
     * A full GC, after the registry's JSON binding forgot the classes it cached: its caches may hold classes of
     * discarded bundles (harmless to the fresh ones, whose classes are other classes, but they keep the old class
     * loaders reachable). Forgetting them only here, not at every renewal, keeps the binding's caches warm.
     */
    private static void collect() {
        InterfaceTracker.forgetInterfaceClasses();
        System.gc();
    }

    /** Whether heap or metaspace in use (garbage included) is past its limit over the last after-GC figure. */
    private boolean memoryPastLimit() {
        return heapAfterGc >= 0 && (heapUsed() - heapAfterGc > limits.maxHeapGrowthMb() * MB
                || metaspaceUsed() - metaspaceAfterGc > limits.maxMetaspaceGrowthMb() * MB);
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a GC: checks the discarded class loaders, and heap and metaspace against their limits. */
    private Optional<String> afterGc() {
        discarded.removeIf(ref -> ref.get() == null);
        if (!discarded.isEmpty()) {
            return Optional.of("a class loader of a discarded bundle is still reachable after a GC (" + discarded.get(0)
                    .get() + "): something outside the bundle holds its code, such as a shutdown hook, a logging"
                    + " handler or a cache of the JDK or of another bundle");
        }
        long heap = heapUsed();
        long metaspace = metaspaceUsed();
        if (heap - heapAfterGc > limits.maxHeapGrowthMb() * MB) {
            return Optional.of("heap after GC grew by " + (heap - heapAfterGc) / MB + " MB (limit "
                    + limits.maxHeapGrowthMb() + " MB)");
        }
        if (metaspace - metaspaceAfterGc > limits.maxMetaspaceGrowthMb() * MB) {
            return Optional.of("metaspace after GC grew by " + (metaspace - metaspaceAfterGc) / MB + " MB (limit "
                    + limits.maxMetaspaceGrowthMb() + " MB)");
        }
        return Optional.empty();
    }

    /**
     * The live child processes. On Linux from {@code /proc/self/task/TID/children}, which lists the children of
     * each thread of this process: a fraction of the cost of {@link ProcessHandle#children()}, which reads the
     * status of every process of the system.
     */
    private static List<ProcessHandle> children() {
        List<ProcessHandle> children = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String pids;
                try {
                    pids = Files.readString(task.resolve("children"));
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // the thread ended meanwhile
                }
                for (String pid : pids.trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).ifPresent(children::add);
                    }
                }
            }
            return children;
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        }
    }

    /** Threads alive now that are neither the framework's, the worker's own, nor the JDK's common pool. */
    private List<Thread> foreignThreads() {
        List<Thread> foreign = new ArrayList<>();
        for (Thread thread : liveThreads()) {
            String name = thread.getName();
            if (!frameworkThreads.contains(thread) && !name.startsWith("anytask-")
                    && !FRAMEWORK_THREADS_ON_DEMAND.contains(name)
                    && !name.startsWith("ForkJoinPool.commonPool-worker-") && !isJdkSystemThread(thread)) {
                foreign.add(thread);
            }
        }
        return foreign;
    }

    /**
     * A thread the JDK starts on demand outside the application's thread group {@code main} (reference handling,
     * cleaners, process reapers): they run no interface code of their own.
     */
    private static boolean isJdkSystemThread(Thread thread) {
        for (ThreadGroup group = thread.getThreadGroup(); group != null; group = group.getParent()) {
            if (group.getName().equals("main") && group.getParent() != null && group.getParent().getParent() == null) {
                return false;
            }
        }
        return true;
    }

    private static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        List<Thread> live = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (threads[i].isAlive()) {
                live.add(threads[i]);
            }
        }
        return live;
    }

    /**
     * @return the open file descriptors (number to what it is open on), or null where {@code /proc} does not tell;
     *     the listing's own descriptor is among them every time. Not counted: the JDK's random devices, which it
     *     opens on first use and keeps open for the life of the JVM.
     */
    private static Map<String, String> openDescriptors() {
        Map<String, String> open = new HashMap<>();
        try (Stream<Path> entries = Files.list(FDS)) {
            entries.forEach(fd -> {
                String target = target(fd);
                if (!JDK_KEEPS_OPEN.contains(target)) {
                    open.put(fd.getFileName().toString(), target);
                }
            });
            return open;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?"; // closed meanwhile: the listing's own descriptor
        }
    }

    /** @return resident memory in kB, or -1 where {@code /proc} does not tell */
    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long metaspaceUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP && pool.getName().equals("Metaspace")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** The JVM-wide settings that code can change and a new process would have at their defaults. */
    private record JvmSettings(Map<Object, Object> properties, List<Locale> locales, String timeZone,
            List<String> drivers, List<String> providers, InputStream in, PrintStream out, PrintStream err,
            Thread.UncaughtExceptionHandler uncaught) {

        static JvmSettings now() {
            List<String> drivers = new ArrayList<>();
            for (Driver driver : Collections.list(DriverManager.getDrivers())) {
                drivers.add(driver.getClass().getName());
            }
            List<String> providers = new ArrayList<>();
            for (Provider provider : Security.getProviders()) {
                providers.add(provider.getName() + " " + provider.getClass().getName());
            }
            return new JvmSettings(new HashMap<>(System.getProperties()), List.of(Locale.getDefault(),
                    Locale.getDefault(Locale.Category.DISPLAY), Locale.getDefault(Locale.Category.FORMAT)),
                    TimeZone.getDefault().getID(), drivers, providers, System.in, System.out, System.err,
                    Thread.getDefaultUncaughtExceptionHandler());
        }

        Optional<String> differenceFrom(JvmSettings now) {
            if (!properties.equals(now.properties)) {
                Set<Object> keys = new HashSet<>(properties.keySet());
                keys.addAll(now.properties.keySet());
                for (Object key : keys) {
                    if (!Objects.equals(properties.get(key), now.properties.get(key))) {
                        return Optional.of("system property \"" + key + "\" changed");
                    }
                }
            }
            if (!locales.equals(now.locales)) {
                return Optional.of("the default locale changed (" + locales.get(0) + " to " + now.locales.get(0)
                        + ")");
            }
            if (!timeZone.equals(now.timeZone)) {
                return Optional.of("the default time zone changed (" + timeZone + " to " + now.timeZone + ")");
            }
            if (!drivers.equals(now.drivers)) {
                return Optional.of("JDBC driver registrations changed (" + drivers + " to " + now.drivers + ")");
            }
            if (!providers.equals(now.providers)) {
                return Optional.of("security providers changed");
            }
            if (in != now.in || out != now.out || err != now.err) {
                return Optional.of("System.in, System.out or System.err was replaced");
            }
            if (uncaught != now.uncaught) {
                return Optional.of("the default uncaught exception handler changed");
            }
            return Optional.empty();
        }
    }
}
