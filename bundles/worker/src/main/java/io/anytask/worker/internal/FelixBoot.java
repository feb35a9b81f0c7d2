package io.anytask.worker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The worker's embedded OSGi framework. Each worker has its own bundle cache in a fresh temporary directory, deleted
 * when the framework stops: workers run side by side and never share a writable cache. Bundles are installed by
 * reference ({@code reference:file:}), so the cache holds only Felix's bookkeeping, not copies of the jars.
 */
public final class FelixBoot implements AutoCloseable {
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final String SYSTEM_BUNDLE_ACTIVATORS = "felix.systembundle.activators";

    private final Framework framework;
    private final Path cache;

    private FelixBoot(Framework framework, Path cache) {
        this.framework = framework;
        this.cache = cache;
    }

    /**
     * Starts a framework made by {@code factoryClass} (a {@code FrameworkFactory}; when {@code null}, the one found
     * by a service look-up) with {@code properties} and the class-path bundle {@code activators} as activators of
     * the system bundle, then installs and starts {@code bundles} in order.
     *
     * @throws BootException naming the bundle or activator that failed
     */
    public static FelixBoot start(Map<String, String> properties, List<String> activators, String factoryClass,
            List<Path> bundles) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(SYSTEM_BUNDLE_ACTIVATORS, instantiate(activators));
        // no URL stream and content handler factories: bundles' own URLs work without them, and installing them
        // loads and initialises every protocol handler of the JDK
        config.putIfAbsent("felix.service.urlhandlers", "false");
        FrameworkFactory factory = factory(factoryClass);
        Path cache = createCache();
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        StartupTrace.mark("cache created");
        Framework framework;
        try {
            framework = factory.newFramework(asStrings(config));
        } catch (RuntimeException e) {
            deleteTree(cache);
            throw new BootException("the OSGi framework could not be made: " + e, e);
        }
        StartupTrace.mark("framework made");
        FelixBoot boot = new FelixBoot(framework, cache);
        try {
            framework.init();
            StartupTrace.mark("framework initialised");
            framework.start();
            StartupTrace.mark("framework started");
            boot.installAndStart(bundles);
            return boot;
        } catch (BundleException | RuntimeException e) {
            boot.close();
            throw e instanceof BootException ? (BootException) e
                    : new BootException("the OSGi framework did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh directory {@code anytask-worker-PID-N} in the temporary directory. Named from the process id rather
     * than by {@code Files.createTempDirectory}, whose random names cost a SecureRandom on the start-up path; the
     * directory is created exclusively, so a stale one of a dead process with the same id is skipped.
     */
    private static Path createCache() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = "anytask-worker-" + ProcessHandle.current().pid() + "-";
        IOException last = null;
        for (int n = 0; n < 100; n++) {
            try {
                return Files.createDirectory(tmp.resolve(prefix + n));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new BootException("cannot create the bundle cache directory in " + tmp + ": " + e, e);
            }
        }
        throw new BootException("cannot create the bundle cache directory " + tmp.resolve(prefix + "N")
                + ": 100 names taken", last);
    }

    /** The named factory class, or the first one that the class path declares as a service when none is named. */
    private static FrameworkFactory factory(String className) {
        if (className == null || className.isBlank()) {
            return ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new BootException("no OSGi FrameworkFactory on the class path"));
        }
        try {
            return (FrameworkFactory) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new BootException("cannot make the OSGi framework factory " + className + ": " + e, e);
        }
    }

    /**
     * Felix reads this key of its configuration as a {@code List} of {@link BundleActivator} objects, started and
     * stopped with the system bundle; the configuration map is typed {@code Map<String, String>} by the OSGi API
     * only, and Felix documents this non-string value.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> asStrings(Map<String, Object> config) {
        return (Map) config;
    }

    private static List<BundleActivator> instantiate(List<String> classNames) {
        List<BundleActivator> out = new ArrayList<>();
        for (String name : classNames) {
            try {
                out.add((BundleActivator) Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new BootException("cannot make the system bundle activator " + name + ": " + e, e);
            }
        }
        return out;
    }

    /**
     * Deletes the bundle caches of workers that died without cleaning up (killed, or halted by the hung-worker
     * timeout or by interface code): directories {@code anytask-worker-PID-N} whose process is gone. Best effort;
     * meant for the time a worker waits for its connection.
     */
    public static void deleteStaleCaches() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "anytask-worker-*-*")) {
            for (Path dir : dirs) {
                String[] parts = dir.getFileName().toString().split("-");
                long pid;
                try {
                    pid = Long.parseLong(parts[2]);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty() && Files.isDirectory(dir)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            System.err.println("anytask worker: cannot look for stale bundle caches in " + tmp + ": " + e);
        }
    }

    /** The system bundle's context. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The bundle cache directory; deleted by {@link #close()} and by {@link #deleteCache()}. */
    public Path cache() {
        return cache;
    }

    /**
     * Installs {@code jars} by reference and starts them (fragments are only installed), in order.
     *
     * @return the installed bundles, in the order of {@code jars}
     * @throws BootException naming the bundle that could not be installed or started
     */
    public List<Bundle> installAndStart(List<Path> jars) {
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>(jars.size());
        for (Path jar : jars) {
            try {
                installed.add(context.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                throw new BootException("bundle " + jar + " could not be installed: " + e.getMessage(), e);
            }
        }
        StartupTrace.mark("bundles installed");
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                throw new BootException("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " ("
                        + bundle.getLocation() + ") could not be started: " + e.getMessage(), e);
            }
        }
        return installed;
    }

    /**
     * Uninstalls {@code bundles} and refreshes the framework's wiring, so that their class loaders are dropped by
     * the framework, waiting at most {@code wait} for the refresh; when the uninstalled bundles are already gone
     * (no other bundle was wired to them), there is nothing to refresh.
     *
     * @throws BootException if a bundle cannot be uninstalled or the refresh does not end in time
     */
    public void uninstallAndRefresh(List<Bundle> bundles, Duration wait) {
        for (Bundle bundle : bundles) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                throw new BootException("bundle " + bundle.getSymbolicName() + " could not be uninstalled: " + e, e);
            }
        }
        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        if (wiring.getRemovalPendingBundles().isEmpty()) {
            // Felix drops an uninstalled bundle that no other bundle is wired to at once: nothing to refresh
            return;
        }
        java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> refreshed.countDown());
        try {
            if (!refreshed.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new BootException("the OSGi framework did not refresh its wiring within " + wait.toMillis()
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BootException("interrupted while the OSGi framework refreshed its wiring", e);
        }
    }

    /** Stops the framework, waiting a bounded time, and deletes the bundle cache. */
    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(STOP_WAIT_MILLIS);
        } catch (BundleException e) {
            System.err.println("anytask worker: stopping the OSGi framework failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteCache();
        }
    }

    /** Deletes the bundle cache, best effort; for exits that do not stop the framework. */
    public void deleteCache() {
        deleteTree(cache);
    }

    /** Deletes a directory tree, best effort: a failure is said on stderr. */
    private static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            System.err.println("anytask worker: cannot delete the bundle cache " + root + ": " + e);
        }
    }
}
