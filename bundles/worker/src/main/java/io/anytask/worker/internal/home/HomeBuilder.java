package io.anytask.worker.internal.home;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import io.anytask.protocol.WorkerControl;
import io.anytask.protocol.WorkerJdk;
import io.anytask.worker.internal.FileTrees;
import io.anytask.worker.internal.WorkerHome;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Build step of the worker module (run by Maven after the jar is made), and maker of start-up archives: completes
 * the worker home whose {@code lib/} the dependency plugin filled. It copies the worker jar into {@code lib/}, writes
 * {@code worker.properties} (see {@link #writeProperties}) and {@code jvm.args}, then makes the start-up archive of
 * the JDK running it ({@link WorkerJdk#archive}): one worker run in {@code --warm-up} mode with a generated DS bundle
 * trains it.
 *
 * <p>Up to Java 24 the archive is a static class-data-sharing archive that replaces the JDK's default one rather than
 * a dynamic one layered on it: the training run lists the classes it loads ({@code -XX:DumpLoadedClassList}) and
 * {@code -Xshare:dump} archives them, JDK classes included, so a worker maps and touches about 1.5 MB less and starts
 * a little sooner (bench/results/worker-startup.txt). From Java 25 on it is an ahead-of-time cache
 * ({@code -XX:AOTCacheOutput}), which boots a worker faster still (docs/worker.md, "Start-up archives").
 *
 * <p>A server whose workers run on a JDK without an archive in the home has one made in the background by
 * {@link WorkerControl#MAKE_ARCHIVE}: under a lock, so that servers sharing the home make it once, and into a
 * temporary file renamed into place, so that no worker ever maps half an archive.
 *
 * <p>Arguments: see {@link #main}.
 */
public final class HomeBuilder {
    /**
     * JVM options of every worker, on every JDK; a server's user options come after them and win. What depends on
     * the JDK (options that keep it quiet, the archive) is {@link WorkerJdk}'s.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1",
            // one compiler thread: start-up is short and has one busy thread; a second compiler thread only
            // competes with it for the second core (ready about 25 ms sooner, bench/results/worker-startup.txt)
            "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC",
            // objects that survive a young collection are promoted at once: during start-up they are the
            // framework's own, which live as long as the worker, and copying them between survivor spaces at every
            // one of the half-dozen collections of start-up cost about 30 ms (bench/results/worker-startup.txt)
            "-XX:MaxTenuringThreshold=0",
            "-Xms8m",
            "-Xmx512m",
            "-XX:ReservedCodeCacheSize=32m",
            "-Xss512k",
            "-XX:-UsePerfData",
            // JVM warnings (an archive another JDK cannot use, say) to standard error: standard output stays quiet
            "-Xlog:disable",
            "-Xlog:all=warning:stderr:uptime,level,tags",
            // SCR parses component descriptions with SAX; naming the JDK's parser skips a service look-up that
            // opens every jar of the class path (classes from the archive need none of them opened)
            "-Djavax.xml.parsers.SAXParserFactory=com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
    private static final String FRAMEWORK_FACTORY = "org.osgi.framework.launch.FrameworkFactory";
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private HomeBuilder() {
    }

    /**
     * Builds the home, or part of it. Arguments:
     * <ul>
     *   <li>{@code HOME WORKER_JAR}: the build step: copies the jar into {@code lib/}, writes the generated files
     *       and makes the archive of the JDK running this;</li>
     *   <li>{@code HOME}: the same from an existing {@code lib/} (a home copied without its file times);</li>
     *   <li>{@code --no-archive HOME}: the generated files only (a container's home: its servers make the archive
     *       in the background);</li>
     *   <li>{@link WorkerControl#MAKE_ARCHIVE} {@code HOME [KIND]}: the archive of the JDK running this only,
     *       unless it is there; exit status {@link WorkerControl#ARCHIVE_BUSY} if another process is making it. KIND
     *       ({@code CDS} or {@code AOT_CACHE}, default: the JDK's) is for benchmarks that compare them.</li>
     * </ul>
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> arguments = List.of(args);
        String expected = " (expected: HOME_DIR [WORKER_JAR], --no-archive HOME_DIR, or " + WorkerControl.MAKE_ARCHIVE
                + " HOME_DIR [CDS|AOT_CACHE])";
        if (!arguments.isEmpty() && arguments.get(0).equals(WorkerControl.MAKE_ARCHIVE)) {
            if (arguments.size() != 2 && arguments.size() != 3) {
                throw new IllegalArgumentException("arguments: " + arguments + expected);
            }
            WorkerJdk jdk = WorkerJdk.current();
            WorkerJdk.ArchiveKind kind = jdk.archiveKind();
            if (arguments.size() == 3) {
                try {
                    kind = WorkerJdk.ArchiveKind.valueOf(arguments.get(2));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("archive kind: " + arguments.get(2) + expected, e);
                }
            }
            boolean made = makeArchive(Path.of(args[1]).toAbsolutePath().normalize(), jdk, kind);
            System.exit(made ? 0 : WorkerControl.ARCHIVE_BUSY);
        }
        boolean archive = arguments.isEmpty() || !arguments.get(0).equals("--no-archive");
        List<String> rest = archive ? arguments : arguments.subList(1, arguments.size());
        if (rest.size() != 1 && (rest.size() != 2 || !archive)) {
            throw new IllegalArgumentException("arguments: " + arguments + expected);
        }
        Path home = Path.of(rest.get(0)).toAbsolutePath().normalize();
        Path lib = home.resolve("lib");
        if (rest.size() == 2) {
            Files.copy(Path.of(rest.get(1)), lib.resolve("io.anytask.worker.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        List<Path> classPath = jars(lib);
        writeProperties(home, classPath);
        Files.writeString(home.resolve("jvm.args"), jvmArgs(home, classPath), StandardCharsets.UTF_8);
        FileTrees.delete(home.resolve(WorkerJdk.ARCHIVES)); // made for jars that may have changed
        Files.deleteIfExists(home.resolve("worker.jsa")); // the one archive of homes before there was one per JDK
        WorkerJdk jdk = WorkerJdk.current();
        if (archive && !makeArchive(home, jdk, jdk.archiveKind())) {
            throw new IOException("another process is making the archive in " + home);
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(jars::add);
        }
        jars.sort(null);
        return jars;
    }

    private static String jvmArgs(Path home, List<Path> classPath) {
        StringBuilder out = new StringBuilder();
        out.append("-cp\n");
        List<String> entries = new ArrayList<>();
        classPath.forEach(jar -> entries.add(home.relativize(jar).toString()));
        out.append(String.join(":", entries)).append('\n');
        JVM_OPTIONS.forEach(option -> out.append(option).append('\n'));
        return out.toString();
    }

    /**
     * Writes {@code worker.properties}: the exports of the class-path bundles become the system bundle's extra
     * packages, and a class-path bundle with an activator (SCR) is started as an activator of the system bundle,
     * its capabilities (such as the {@code osgi.extender} that DS bundles require) provided by the system bundle.
     */
    private static void writeProperties(Path home, List<Path> classPath) throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        List<String> capabilities = new ArrayList<>();
        List<String> activators = new ArrayList<>();
        String factory = null;
        for (Path jar : classPath) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                JarEntry service = file.getJarEntry("META-INF/services/" + FRAMEWORK_FACTORY);
                if (service != null) {
                    try (InputStream in = file.getInputStream(service)) {
                        factory = firstClassName(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                if (manifest == null || "org.apache.felix.framework".equals(symbolicName(manifest))) {
                    continue;
                }
                Attributes main = manifest.getMainAttributes();
                String exports = main.getValue("Export-Package");
                if (exports != null) {
                    packages.addAll(ExportPackage.withVersions(exports));
                }
                String activator = main.getValue("Bundle-Activator");
                if (activator != null) {
                    activators.add(activator.trim());
                    String provided = main.getValue("Provide-Capability");
                    if (provided != null) {
                        capabilities.add(provided.trim());
                    }
                }
            }
        }
        // written by hand rather than by Properties.store, which adds a time stamp
        String text = "# Framework properties of every worker (generated by HomeBuilder)\n"
                + "felix.log.level=1\n"
                // the resolver resolves a handful of bundles once: in the calling thread, not handed to a pool
                + "felix.resolver.parallelism=1\n"
                + WorkerHome.ACTIVATORS + "=" + String.join(",", activators) + "\n"
                + WorkerHome.FRAMEWORK_FACTORY + "=" + (factory == null ? "" : factory) + "\n"
                + "org.osgi.framework.system.capabilities.extra=" + String.join(",", capabilities) + "\n"
                + "org.osgi.framework.system.packages.extra=" + String.join(",\\\n  ", packages) + "\n";
        Files.writeString(home.resolve(WorkerHome.PROPERTIES), text, StandardCharsets.ISO_8859_1);
    }

    /** The first class name of a {@code META-INF/services} file. */
    private static String firstClassName(String services) {
        for (String line : services.split("\n")) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    private static String symbolicName(Manifest manifest) {
        String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        return name == null ? null : name.split(";", 2)[0].trim();
    }

    /**
     * Makes the start-up archive of the JDK running this, unless it is there: under a lock in the archives folder,
     * into a temporary file that is then renamed into place.
     *
     * @return false if another process holds the lock (it is making the archive)
     */
    static boolean makeArchive(Path home, WorkerJdk jdk, WorkerJdk.ArchiveKind kind)
            throws IOException, InterruptedException {
        Path archive = jdk.archive(home, kind);
        Files.createDirectories(archive.getParent());
        Path lockFile = archive.resolveSibling("." + archive.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return false;
            }
            if (Files.isRegularFile(archive)) {
                return true;
            }
            deleteStale(archive.getParent());
            Path scratch = Files.createTempDirectory(archive.getParent(), ".making-");
            try {
                Path bundle = scratch.resolve("warm-up.jar");
                WarmUpBundle.write(bundle);
                Path made = scratch.resolve(archive.getFileName());
                train(home, jdk, kind, bundle, made);
                Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                FileTrees.delete(scratch);
            }
            return true;
        }
    }

    /** Runs one worker in {@code --warm-up} mode with a DS bundle, recording what the archive needs. */
    private static void train(Path home, WorkerJdk jdk, WorkerJdk.ArchiveKind kind, Path bundle, Path archive)
            throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "@jvm.args"));
        java.addAll(jdk.options());
        List<String> warmUp = List.of(WorkerControl.MAIN_CLASS, WorkerControl.WARM_UP, WorkerControl.BUNDLE,
                bundle.toString());
        if (kind == WorkerJdk.ArchiveKind.AOT_CACHE) {
            run(home, "the training run", concat(java, List.of("-XX:AOTCacheOutput=" + archive), warmUp));
        } else {
            Path classList = bundle.resolveSibling("classes.lst");
            run(home, "the class-list run", concat(java, List.of("-Xshare:off",
                    "-XX:DumpLoadedClassList=" + classList), warmUp));
            run(home, "the archive dump", concat(java, List.of("-Xshare:dump",
                    "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive), List.of()));
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("the training made no " + archive);
        }
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all.toArray(String[]::new);
    }

    /**
     * Deletes what a maker that was killed left, and the output files of makers whose servers ended before them
     * (an hour old); called under the lock, so no maker of this archive is at work.
     */
    private static void deleteStale(Path archives) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(archives, ".making-*")) {
            for (Path dir : stale) {
                FileTrees.delete(dir);
            }
        }
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(archives, ".maker-*.log")) {
            for (Path log : logs) {
                if (Files.getLastModifiedTime(log).compareTo(hourAgo) < 0) {
                    Files.deleteIfExists(log);
                }
            }
        }
    }


    private static void run(Path home, String what, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " did not end within " + TRAINING_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
