package io.anytask.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The JDK that runs a server's workers, and what follows from it for a worker's command line, defined once for
 * the server that starts workers and the worker home's builder that trains them: the JVM options that keep that JDK
 * quiet about what the worker's libraries do, and the worker home's start-up archive for it.
 *
 * <p>A JDK is known by its {@code release} file ({@code JAVA_VERSION}, {@code JAVA_RUNTIME_VERSION},
 * {@code IMPLEMENTOR}); a start-up archive is only valid for the exact JVM build that made it, so its file name
 * holds the implementor and the runtime version.
 *
 * @param feature        the feature release: 17, 21, 25
 * @param runtimeVersion the full runtime version, such as {@code 25.0.3+9-LTS}
 * @param implementor    who built it, such as {@code Eclipse Adoptium}; empty when the release file does not say
 * @since package version 1.4
 */
public record WorkerJdk(int feature, String runtimeVersion, String implementor) {
    /** The oldest feature release that runs workers. */
    public static final int OLDEST = 17;
    /** The folder of a worker home that holds its start-up archives, one per JDK. */
    public static final String ARCHIVES = "archives";
    /** From this feature release on, a worker's start-up archive is an ahead-of-time cache. */
    public static final int AOT_CACHE_SINCE = 25;
    /**
     * Enables native access for class-path code: junixsocket loads its native library, which Java 24 and newer warn
     * about otherwise (JEP 472); the option exists since Java 17 and changes nothing there. Every JVM that runs
     * junixsocket from the class path wants it: workers, a forked server, a test's server process.
     */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final long PROBE_TIMEOUT_SECONDS = 30;

    /**
     * @throws IllegalArgumentException if {@code feature} is older than {@value #OLDEST} or a name is blank
     */
    public WorkerJdk {
        if (feature < OLDEST) {
            throw new IllegalArgumentException("JDK " + runtimeVersion + ": Java " + feature
                    + " cannot run workers (expected: Java " + OLDEST + " or newer)");
        }
        if (runtimeVersion == null || runtimeVersion.isBlank()) {
            throw new IllegalArgumentException("runtimeVersion: missing");
        }
        implementor = implementor == null ? "" : implementor;
    }

    /** The JDK running this JVM, named as {@link #of(Path)} names it. */
    public static WorkerJdk current() {
        try {
            return of(Path.of(System.getProperty("java.home"), "bin", "java"));
        } catch (IOException e) {
            return new WorkerJdk(Runtime.version().feature(), Runtime.version().toString(),
                    System.getProperty("java.vendor", ""));
        }
    }

    /**
     * The JDK of a {@code java} command: read from the {@code release} file of the JDK it belongs to (symbolic links
     * followed), or, for a runtime without one, asked of the command itself.
     *
     * @param java the path of a {@code java} command, such as {@code /usr/lib/jvm/jdk-25/bin/java}
     * @throws IOException if neither works: no such command, or not a JDK
     */
    public static WorkerJdk of(Path java) throws IOException {
        Path real = java.toRealPath();
        Path release = real.getParent() == null || real.getParent().getParent() == null ? null
                : real.getParent().getParent().resolve("release");
        if (release != null && Files.isRegularFile(release)) {
            Properties values = new Properties();
            try (InputStream in = Files.newInputStream(release)) {
                values.load(in);
            }
            String version = unquoted(values.getProperty("JAVA_VERSION"));
            String runtime = unquoted(values.getProperty("JAVA_RUNTIME_VERSION"));
            if (!version.isEmpty()) {
                return new WorkerJdk(feature(version, release), runtime.isEmpty() ? version : runtime,
                        unquoted(values.getProperty("IMPLEMENTOR")));
            }
        }
        return probe(real);
    }

    /**
     * The JVM options every worker on this JDK needs so that the JDK prints no warning about the worker's
     * libraries; they come right after the home's {@code jvm.args}.
     */
    public List<String> options() {
        List<String> options = new ArrayList<>();
        options.add(NATIVE_ACCESS);
        if (feature >= 23) {
            // Felix's SecureAction calls sun.misc.Unsafe's memory-access methods; Java 24 warns at the first call
            // (JEP 498) unless this option, which Java 23 introduced, allows them
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    /** The kinds of start-up archive. */
    public enum ArchiveKind {
        /** A static class-data-sharing archive of the classes a training worker loaded ({@code .jsa}). */
        CDS(".jsa"),
        /**
         * An ahead-of-time cache ({@code .aot}, Java 25 and newer: JEP 483, 514, 515): those classes loaded and
         * linked, and the profiles of the training run's methods.
         */
        AOT_CACHE(".aot");

        private final String suffix;

        ArchiveKind(String suffix) {
            this.suffix = suffix;
        }

        /** @return the file name suffix of this kind */
        public String suffix() {
            return suffix;
        }
    }

    /**
     * The kind of start-up archive workers on this JDK use: from Java {@value #AOT_CACHE_SINCE} on an ahead-of-time
     * cache, which boots a worker faster than a class-data-sharing archive (docs/worker.md, "Start-up archives").
     */
    public ArchiveKind archiveKind() {
        return feature >= AOT_CACHE_SINCE ? ArchiveKind.AOT_CACHE : ArchiveKind.CDS;
    }

    /**
     * This JDK's start-up archive in a worker home, of the {@link #archiveKind() kind} its workers use.
     *
     * @param home the worker home
     */
    public Path archive(Path home) {
        return archive(home, archiveKind());
    }

    /**
     * This JDK's start-up archive of a given kind in a worker home.
     *
     * @param home the worker home
     * @param kind the kind; {@link ArchiveKind#AOT_CACHE} needs Java {@value #AOT_CACHE_SINCE} or newer
     */
    public Path archive(Path home, ArchiveKind kind) {
        String name = (implementor.isEmpty() ? "" : implementor + "-") + runtimeVersion;
        return home.resolve(ARCHIVES).resolve(name.replaceAll("[^A-Za-z0-9.+-]", "_") + kind.suffix());
    }

    /**
     * The JVM options that make a worker start from an archive made before, of the kind its name says.
     *
     * @param archive the archive, from {@link #archive(Path)}
     */
    public static List<String> archiveOptions(Path archive) {
        return archive.getFileName().toString().endsWith(ArchiveKind.AOT_CACHE.suffix())
                ? List.of("-XX:AOTCache=" + archive)
                : List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
    }

    @Override
    public String toString() {
        return (implementor.isEmpty() ? "" : implementor + " ") + runtimeVersion;
    }

    private static int feature(String version, Path release) throws IOException {
        try {
            return Runtime.Version.parse(version).feature();
        } catch (IllegalArgumentException e) {
            throw new IOException(release + ": JAVA_VERSION " + version + " is not a Java version", e);
        }
    }

    private static String unquoted(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Asks a runtime without a release file for its version and vendor. */
    private static WorkerJdk probe(Path java) throws IOException {
        Process process = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(java + " -version did not end within " + PROBE_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + java + " for its version", e);
        }
        String version = setting(output, "java.runtime.version");
        if (process.exitValue() != 0 || version.isEmpty()) {
            throw new IOException(java + " is not a JDK that can run workers (no release file, and -version said: "
                    + output.strip().lines().findFirst().orElse("nothing") + ")");
        }
        return new WorkerJdk(Runtime.Version.parse(version.split("-")[0]).feature(), version,
                setting(output, "java.vendor"));
    }

    private static String setting(String output, String name) {
        return output.lines().map(String::trim).filter(line -> line.startsWith(name + " = "))
                .map(line -> line.substring(name.length() + 3).trim()).findFirst().orElse("");
    }
}
