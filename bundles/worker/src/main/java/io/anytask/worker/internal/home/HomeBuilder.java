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
import io.anytask.worker.internal.WorkerHome;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Build step of the worker module (run by Maven after the jar is made): completes the worker home whose
 * {@code lib/} the dependency plugin filled. It copies the worker jar into {@code lib/}, writes
 * {@code worker.properties} (see {@link #writeProperties}) and {@code jvm.args}, then makes the class-data-sharing
 * archive {@code worker.jsa}: one worker run in {@code --warm-up} mode lists the classes it loads
 * ({@code -XX:DumpLoadedClassList}), and {@code -Xshare:dump} archives them.
 *
 * <p>The archive is a static one that replaces the JDK's default archive rather than a dynamic one layered on it
 * ({@code -XX:ArchiveClassesAtExit}, the first design): it holds only the classes a worker uses, JDK classes
 * included, so a worker maps and touches about 1.5 MB less and starts a little sooner
 * (bench/results/worker-startup.txt).
 *
 * <p>Arguments: the home directory and the worker jar (see {@link #main}).
 */
public final class HomeBuilder {
    /** Lean JVM options of every worker; a server's user options come after them and win. */
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
            "-Xshare:auto",
            // JVM warnings (an archive another JDK cannot use, say) to standard error: standard output stays quiet
            "-Xlog:disable",
            "-Xlog:all=warning:stderr:uptime,level,tags",
            // SCR parses component descriptions with SAX; naming the JDK's parser skips a service look-up that
            // opens every jar of the class path (classes from the archive need none of them opened)
            "-Djavax.xml.parsers.SAXParserFactory=com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
    static final String ARCHIVE = "worker.jsa";
    private static final String FRAMEWORK_FACTORY = "org.osgi.framework.launch.FrameworkFactory";
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private HomeBuilder() {
    }

    /**
     * Builds the home. With one argument, rebuilds the generated files of an existing home from its {@code lib/}:
     * for a home that was copied without its file times, or to make the archive for another JDK (the one running
     * this), for example {@code cd HOME && JAVA -cp lib/io.anytask.worker.jar
     * io.anytask.worker.internal.home.HomeBuilder .}
     *
     * @param args the home directory and the worker jar, or the home directory alone
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1 && args.length != 2) {
            throw new IllegalArgumentException("arguments: " + List.of(args)
                    + " (expected: HOME_DIR [WORKER_JAR])");
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        Path lib = home.resolve("lib");
        if (args.length == 2) {
            Files.copy(Path.of(args[1]), lib.resolve("io.anytask.worker.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<Path> classPath = jars(lib);
        writeProperties(home, classPath);
        Path jvmArgs = home.resolve("jvm.args");
        Files.deleteIfExists(home.resolve(ARCHIVE));
        Files.writeString(jvmArgs, jvmArgs(home, classPath, false), StandardCharsets.UTF_8);
        train(home);
        Files.writeString(jvmArgs, jvmArgs(home, classPath, true), StandardCharsets.UTF_8);
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(jars::add);
        }
        jars.sort(null);
        return jars;
    }

    private static String jvmArgs(Path home, List<Path> classPath, boolean withArchive) {
        StringBuilder out = new StringBuilder();
        out.append("-cp\n");
        List<String> entries = new ArrayList<>();
        classPath.forEach(jar -> entries.add(home.relativize(jar).toString()));
        out.append(String.join(":", entries)).append('\n');
        JVM_OPTIONS.forEach(option -> out.append(option).append('\n'));
        if (withArchive) {
            out.append("-XX:SharedArchiveFile=").append(ARCHIVE).append('\n');
        }
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
     * Runs one worker in {@code --warm-up} mode with a generated bundle declaring a DS component, recording the
     * loaded classes into the archive.
     */
    private static void train(Path home) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("anytask-home-builder-");
        Path bundle = scratch.resolve("warm-up.jar");
        try {
            WarmUpBundle.write(bundle);
            runTraining(home, bundle);
        } finally {
            Files.deleteIfExists(bundle);
            Files.deleteIfExists(scratch);
        }
    }

    private static void runTraining(Path home, Path bundle) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classList = bundle.resolveSibling("classes.lst");
        try {
            run(home, "the class-list run", java.toString(), "@jvm.args", "-Xshare:off",
                    "-XX:DumpLoadedClassList=" + classList, "io.anytask.worker.WorkerMain", "--warm-up", "--bundle",
                    bundle.toString());
            run(home, "the archive dump", java.toString(), "@jvm.args", "-Xshare:dump",
                    "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + ARCHIVE);
        } finally {
            Files.deleteIfExists(classList);
        }
        if (!Files.isRegularFile(home.resolve(ARCHIVE))) {
            throw new IOException("the archive dump made no " + home.resolve(ARCHIVE));
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
