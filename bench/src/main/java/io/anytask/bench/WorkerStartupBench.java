package io.anytask.bench;

import io.anytask.protocol.WorkerControl;
import io.anytask.protocol.WorkerJdk;
import io.anytask.testsupport.ProcFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worker start-up benchmark: plays the server's part of the {@code --control} hand-off. For each JVM-option
 * variant it starts N workers one after another and records, per worker, the time from just before the process is
 * started to the {@code ready} line on the control socket, the resident memory (VmRSS) at that moment, and the time
 * to the first reply after a relay hand-off ({@code 'r'}, then {@code ["do",{},"count"]}).
 *
 * <p>Variants: {@code baseline} (the class path only: JVM defaults, no archive), {@code lean} (jvm.args and the
 * JDK's options, {@link WorkerJdk#options()}, without a start-up archive), {@code lean+cds} (with the JDK's
 * class-data-sharing archive), {@code lean+aot} (with its ahead-of-time cache, Java 25 and newer); a missing archive
 * is made first with the worker's own maker, and not counted. A variant may name the {@code java} that runs the
 * workers after an {@code @} (default: this JVM's), and end with extra JVM options in brackets, such as
 * {@code lean+aot@/usr/lib/jvm/jdk-25/bin/java[-Xmn12m]}; a variant whose java does not exist is reported as not
 * run. Results are appended to {@code RESULTS_DIR/worker-startup.txt}.
 *
 * <p>Arguments: WORKER_HOME CONFORMANCE_JAR N VARIANTS(comma-separated) RESULTS_DIR; system property
 * {@code bench.label} names the run in the results file.
 */
public final class WorkerStartupBench {
    private static final long READY_TIMEOUT_SECONDS = 60;

    private WorkerStartupBench() {
    }

    /** One worker's figures. */
    record Sample(double readyMillis, long rssKb, long cpuMillis, double firstReplyMillis) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("arguments: " + List.of(args)
                    + " (expected: WORKER_HOME CONFORMANCE_JAR N VARIANTS RESULTS_DIR)");
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        Path bundle = Path.of(args[1]).toAbsolutePath().normalize();
        int n = Integer.parseInt(args[2]);
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("N: " + n + " (expected: 1 to 1000)");
        }
        List<String> jvmArgs = Files.readAllLines(home.resolve("jvm.args")).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<String> figures = new ArrayList<>();
        double[] baselineReady = null;
        StringBuilder report = new StringBuilder();
        report.append("# worker start-up, ").append(System.getProperty("bench.label", "")).append(", ")
                .append(Instant.now()).append(", java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cpus, load ")
                .append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        report.append("# jvm.args: ").append(String.join(" ", jvmArgs.subList(2, jvmArgs.size()))).append('\n');
        Map<String, Double> readyByLabel = new LinkedHashMap<>();
        Map<String, Double> rssByLabel = new LinkedHashMap<>();
        for (String variant : args[3].split(",")) {
            Variant parsed = Variant.parse(variant.trim());
            if (!Files.isExecutable(parsed.java())) {
                String line = variant.trim() + ": not run, no java at " + parsed.java();
                System.out.println(line);
                report.append(line).append('\n');
                continue;
            }
            String label = parsed.label();
            List<String> options = options(parsed, jvmArgs, home);
            runOnce(home, bundle, parsed.java(), options); // warm the page cache; not counted
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                samples.add(runOnce(home, bundle, parsed.java(), options));
            }
            String line = summary(label, samples);
            System.out.println(line);
            report.append(line).append('\n');
            double[] ready = samples.stream().mapToDouble(Sample::readyMillis).toArray();
            double[] rss = samples.stream().mapToDouble(x -> x.rssKb() / 1024.0).toArray();
            baselineReady = baselineReady == null ? ready : baselineReady;
            readyByLabel.put(label, Figure.median(ready));
            rssByLabel.put(label, Figure.median(rss));
            String base = "first variant of this run (" + Variant.parse(args[3].split(",")[0].trim()).label()
                    + "): ready " + Figure.number(Figure.median(baselineReady)) + " ms";
            figures.add(new Figure("startup." + label + ".ready", "worker JVM started (" + label
                    + " options) to its ready line on the control socket", Figure.number(Figure.median(ready))
                    + " ms", Figure.spread(ready, "ms"), n + " JVMs, one at a time", base, "none", "n/a").line());
            figures.add(new Figure("startup." + label + ".rss", "VmRSS of the worker JVM at its ready line ("
                    + label + " options)", Figure.number(Figure.median(rss)) + " MB", Figure.spread(rss, "MB"),
                    n + " JVMs", "none", "none", "n/a").line());
        }
        Double java17 = readyByLabel.get("lean+cds");
        Double aot25 = readyByLabel.get("lean+aot@java25");
        Double cds25 = readyByLabel.get("lean+cds@java25");
        if (java17 != null && aot25 != null) {
            double ratio = aot25 / java17;
            figures.add(new Figure("startup.java25-over-java17.ready", "a Java 25 worker's ready time (its AOT cache)"
                    + " over a Java 17 worker's (its CDS archive), medians of this run", Figure.number(ratio) + "x",
                    "RSS " + Figure.number(rssByLabel.get("lean+aot@java25")) + " against "
                    + Figure.number(rssByLabel.get("lean+cds")) + " MB", n + " JVMs each",
                    "lean+cds (Java 17): " + Figure.number(java17) + " ms", "<= 1x (issue 13: at least as fast)",
                    Figure.atMost(ratio, 1.0, "x")).line());
        }
        if (aot25 != null && cds25 != null) {
            figures.add(new Figure("startup.java25.aot-over-cds.ready", "on Java 25, ready time with the AOT cache over"
                    + " ready time with a CDS archive, medians of this run", Figure.number(aot25 / cds25) + "x",
                    "RSS " + Figure.number(rssByLabel.get("lean+aot@java25")) + " against "
                    + Figure.number(rssByLabel.get("lean+cds@java25")) + " MB", n + " JVMs each",
                    "lean+cds@java25: " + Figure.number(cds25) + " ms", "none", "n/a").line());
        }
        report.append(Figure.runLine("startup", started, (System.nanoTime() - t0) / 1e9)).append('\n');
        figures.forEach(f -> report.append(f).append('\n'));
        Path results = Path.of(args[4]);
        Files.createDirectories(results);
        Files.writeString(results.resolve("worker-startup.txt"), report + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** A variant: its name, the java of its workers, and extra options. */
    record Variant(String name, Path java, List<String> extra) {
        /** The name, with {@code @javaN} when another JDK than this JVM's runs the workers, and the extra options. */
        String label() {
            String jdk = "";
            if (!java.equals(Path.of(System.getProperty("java.home"), "bin", "java"))) {
                try {
                    jdk = "@java" + WorkerJdk.of(java).feature();
                } catch (IOException e) {
                    jdk = "@" + java;
                }
            }
            return name + jdk + (extra.isEmpty() ? "" : "[" + String.join(" ", extra) + "]");
        }

        static Variant parse(String spec) {
            List<String> extra = List.of();
            String rest = spec;
            int bracket = rest.indexOf('[');
            if (bracket > 0 && rest.endsWith("]")) {
                extra = List.of(rest.substring(bracket + 1, rest.length() - 1).trim().split("\\s+"));
                rest = rest.substring(0, bracket);
            }
            int at = rest.indexOf('@');
            Path java = at > 0 ? Path.of(rest.substring(at + 1))
                    : Path.of(System.getProperty("java.home"), "bin", "java");
            return new Variant(at > 0 ? rest.substring(0, at) : rest, java, extra);
        }
    }

    private static List<String> options(Variant variant, List<String> jvmArgs, Path home) throws Exception {
        WorkerJdk jdk = WorkerJdk.of(variant.java());
        List<String> lean = new ArrayList<>(jvmArgs);
        lean.addAll(jdk.options());
        List<String> out = new ArrayList<>(switch (variant.name()) {
            case "baseline" -> jvmArgs.subList(0, 2);
            case "lean" -> lean;
            case "lean+cds" -> withArchive(lean, home, variant.java(), jdk, WorkerJdk.ArchiveKind.CDS);
            case "lean+aot" -> withArchive(lean, home, variant.java(), jdk, WorkerJdk.ArchiveKind.AOT_CACHE);
            default -> throw new IllegalArgumentException("variant: " + variant.name()
                    + " (expected: baseline, lean, lean+cds, lean+aot)");
        });
        out.addAll(variant.extra());
        return out;
    }

    /** The lean options and the archive's, the archive made first (by the worker's own maker) if missing. */
    private static List<String> withArchive(List<String> lean, Path home, Path java, WorkerJdk jdk,
            WorkerJdk.ArchiveKind kind) throws Exception {
        Path archive = jdk.archive(home, kind);
        if (!Files.isRegularFile(archive)) {
            List<String> command = new ArrayList<>(List.of(java.toString(), "@jvm.args"));
            command.addAll(jdk.options());
            command.addAll(List.of(WorkerControl.ARCHIVE_MAKER, WorkerControl.MAKE_ARCHIVE,
                    home.toAbsolutePath().toString(), kind.name()));
            Process maker = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
            if (!maker.waitFor(5, TimeUnit.MINUTES) || maker.exitValue() != 0) {
                maker.destroyForcibly();
                throw new IOException("making " + archive + " failed: " + command);
            }
        }
        List<String> out = new ArrayList<>(lean);
        out.addAll(WorkerJdk.archiveOptions(archive));
        return out;
    }

    private static Sample runOnce(Path home, Path bundle, Path java, List<String> options) throws Exception {
        Path dir = Files.createTempDirectory("anytask-bench-");
        Path control = dir.resolve("control.sock");
        Process process = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(control));
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(options);
            command.addAll(List.of("io.anytask.worker.WorkerMain", "--interface", "conformance",
                    "--bundle", bundle.toString(), "--name", "bench", "--number", "1", "--control",
                    control.toString()));
            long start = System.nanoTime();
            process = new ProcessBuilder(command).directory(home.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (SocketChannel channel = accept(server, process)) {
                InputStream in = Channels.newInputStream(channel);
                String ready = readLine(in);
                double readyMillis = (System.nanoTime() - start) / 1e6;
                long rss = ProcFs.residentKb(process.pid());
                long cpu = cpuMillis(process.pid());
                if (!ready.equals("ready " + process.pid())) {
                    throw new IOException("unexpected ready line: " + ready);
                }
                OutputStream out = Channels.newOutputStream(channel);
                out.write("r[\"do\",{},\"count\"]".getBytes(StandardCharsets.UTF_8));
                out.flush();
                byte[] reply = new byte[64];
                int got = in.read(reply);
                double firstReply = (System.nanoTime() - start) / 1e6;
                if (got <= 0 || !new String(reply, 0, got, StandardCharsets.UTF_8).equals("[\"ok\",{},101]")) {
                    throw new IOException("unexpected first reply");
                }
                channel.shutdownOutput();
                if (!process.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("worker did not exit after its client closed");
                }
                return new Sample(readyMillis, rss, cpu, firstReply);
            }
        } finally {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(control);
            Files.deleteIfExists(dir);
        }
    }

    private static SocketChannel accept(ServerSocketChannel server, Process process) throws IOException {
        server.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            SocketChannel channel = server.accept();
            if (channel != null) {
                channel.configureBlocking(true);
                return channel;
            }
            if (!process.isAlive()) {
                throw new IOException("worker exited with " + process.exitValue() + " before it was ready");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("worker not ready within " + READY_TIMEOUT_SECONDS + " s");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("control connection closed before the ready line");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /** User plus system CPU time of the process so far, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String[] fields = ProcFs.stat(pid);
        if (fields == null) {
            throw new IOException("no /proc/" + pid + "/stat");
        }
        // fields after the command: state is index 0, so utime (field 14) is index 11 and stime index 12
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static String summary(String variant, List<Sample> samples) {
        double[] cpu = samples.stream().mapToDouble(Sample::cpuMillis).sorted().toArray();
        double[] ready = samples.stream().mapToDouble(Sample::readyMillis).sorted().toArray();
        double[] reply = samples.stream().mapToDouble(Sample::firstReplyMillis).sorted().toArray();
        long[] rss = samples.stream().mapToLong(Sample::rssKb).sorted().toArray();
        return String.format(Locale.ROOT, "%-12s n=%d  ready ms: median %.0f min %.0f max %.0f  CPU ms at ready: median"
                + " %.0f  first reply ms: median %.0f  RSS MB at ready: median %.1f max %.1f", variant, samples.size(),
                median(ready), ready[0], ready[ready.length - 1], median(cpu), median(reply),
                rss[rss.length / 2] / 1024.0, rss[rss.length - 1] / 1024.0);
    }

    private static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

}
