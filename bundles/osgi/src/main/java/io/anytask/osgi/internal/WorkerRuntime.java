package io.anytask.osgi.internal;

import io.anytask.protocol.WorkerControl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The worker home of servers run inside a container: the bundle {@value #BUNDLE} carries the worker's class path
 * ({@code OSGI-INF/worker-home/lib/*.jar}: the worker, Felix, SCR, Jackson, junixsocket), and this class unpacks it
 * into this bundle's data area and completes it with the worker's own build step ({@code HomeBuilder}, run in a
 * JVM of its own): {@code jvm.args} and {@code worker.properties}; the servers make the start-up archive of their
 * workers' JDK in the background. Nothing is downloaded. Done once per installed runtime bundle (its id and last-modified time
 * name the folder); the folder appears, complete, by one rename, so a half-made home is never used.
 */
final class WorkerRuntime {
    /** The symbolic name of the bundle that carries the worker's class path. */
    static final String BUNDLE = "io.anytask.worker.runtime";
    private static final String ENTRIES = "OSGI-INF/worker-home/lib";
    private static final long BUILD_TIMEOUT_SECONDS = 300;
    private static final System.Logger LOG = System.getLogger("io.anytask.osgi");
    /** One home is made at a time in this JVM (two servers configured at once share it). */
    private static final Object LOCK = new Object();

    private WorkerRuntime() {
    }

    /**
     * The worker home, made if needed (about a second the first time).
     *
     * @param context this bundle's context: where the runtime bundle is found and the home is made
     * @param java    the {@code java} command that runs the build step
     * @throws IllegalStateException if the runtime bundle is not installed or the home cannot be made
     */
    static Path home(BundleContext context, Path java) {
        Bundle runtime = runtimeBundle(context);
        String key = runtime.getBundleId() + "-" + runtime.getLastModified();
        synchronized (LOCK) {
            Path home = context.getDataFile("worker-home-" + key).toPath();
            if (Files.isRegularFile(home.resolve("jvm.args"))) {
                return home;
            }
            Path scratch = home.resolveSibling(home.getFileName() + ".making");
            try {
                deleteTree(scratch);
                LOG.log(System.Logger.Level.INFO, "anytask: making the worker home " + home + " from bundle "
                        + BUNDLE + " " + runtime.getVersion() + " (once per installation; a few seconds)");
                unpack(runtime, scratch.resolve("lib"));
                build(java, scratch);
                Files.move(scratch, home, StandardCopyOption.ATOMIC_MOVE);
                return home;
            } catch (IOException e) {
                throw new IllegalStateException("cannot make the worker home " + home + " from bundle " + BUNDLE
                        + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while making the worker home " + home, e);
            } finally {
                try {
                    deleteTree(scratch);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "anytask: cannot delete " + scratch + ": " + e);
                }
            }
        }
    }

    private static Bundle runtimeBundle(BundleContext context) {
        return InterfaceBundles.highest(context, BUNDLE).orElseThrow(() -> new IllegalStateException(
                "the worker runtime bundle " + BUNDLE + " is not installed (Karaf: it comes with feature anytask),"
                        + " and the configuration names no workerHome"));
    }

    private static void unpack(Bundle runtime, Path lib) throws IOException {
        Files.createDirectories(lib);
        Enumeration<URL> entries = runtime.findEntries(ENTRIES, "*.jar", false);
        int count = 0;
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath();
            Path target = lib.resolve(path.substring(path.lastIndexOf('/') + 1));
            try (InputStream in = entry.openStream()) {
                Files.copy(in, target);
            }
            count++;
        }
        if (count == 0) {
            throw new IOException("bundle " + BUNDLE + " holds no " + ENTRIES + "/*.jar");
        }
    }

    /** Runs the worker's build step in {@code home}; interrupting the calling thread ends it. */
    private static void build(Path java, Path home) throws IOException, InterruptedException {
        // no archive: the servers make the one of their workers' JDK in the background, so the first call does
        // not wait for a training run
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                "lib/io.anytask.worker.jar:lib/io.anytask.protocol.jar", WorkerControl.ARCHIVE_MAKER, "--no-archive",
                home.toString()));
        Path log = home.resolve("build.log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the worker home's build step did not end within " + BUILD_TIMEOUT_SECONDS
                        + " s");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        Files.delete(log);
        if (process.exitValue() != 0) {
            throw new IOException("the worker home's build step failed (exit " + process.exitValue() + "): "
                    + output);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
