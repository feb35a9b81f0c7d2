package io.anytask.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code BENCHMARKS.md} from the results files of {@code bench/results}: it reads the {@code run:} and
 * {@code figure:} lines (see {@link Figure}) of each file's last run and invents nothing. Run as the last execution
 * of the {@code bench} profile; {@code -Dbench.build.started} (Maven's build timestamp) gives the command's time.
 *
 * <p>Arguments: the results directory, the file to write.
 */
public final class BenchmarksReport {
    static final String COMMAND = "mvn -B -Pbench verify -pl bench -am -DskipTests";
    /** The results files in the order the bench profile writes them, with the benchmark that writes each. */
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("worker-startup.txt", "WorkerStartupBench: worker JVM start-up");
        FILES.put("server.txt", "ServerBench: the server's hand-offs");
        FILES.put("client.txt", "BenchMain: the client");
        FILES.put("osgi.txt", "OsgiBench: the OSGi services");
        FILES.put("renewal.txt", "RenewalBench: worker renewal");
        FILES.put("renewal-strategy.txt", "RenewalStrategyBench: how a worker renews itself");
        FILES.put("protocol-codec.md", "ProtocolBench (JMH ProtocolCodecBenchmark): the wire codec");
        FILES.put("fuzz.txt", "FuzzBench: a longer randomised run of the codec");
    }

    private BenchmarksReport() {
    }

    /** One benchmark's last run in a results file. */
    private record Run(String file, String title, Optional<String> runLine, List<Figure> figures) {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Instant now = Instant.now();
        Optional<Instant> started = Optional.ofNullable(System.getProperty("bench.build.started"))
                .filter(s -> !s.isBlank()).map(Instant::parse);
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            runs.add(read(results.resolve(e.getKey()), e.getValue()));
        }
        String md = render(runs, started, now);
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    private static Run read(Path file, String title) throws IOException {
        if (!Files.exists(file)) {
            return new Run(file.getFileName().toString(), title, Optional.empty(), List.of());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(Figure.RUN_PREFIX)) {
                last = i;
            }
        }
        List<Figure> figures = new ArrayList<>();
        for (int i = last + 1; last >= 0 && i < lines.size(); i++) {
            Figure.parse(lines.get(i)).ifPresent(figures::add);
        }
        return new Run(file.getFileName().toString(), title,
                last >= 0 ? Optional.of(lines.get(last)) : Optional.empty(), figures);
    }

    /** The value of {@code key=} in a run line. */
    private static String field(String runLine, String key) {
        for (String f : runLine.substring(Figure.RUN_PREFIX.length()).split(" \\| ")) {
            if (f.startsWith(key + "=")) {
                return f.substring(key.length() + 1);
            }
        }
        return "unknown";
    }

    private static String render(List<Run> runs, Optional<Instant> started, Instant now) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `bench/src/main/java/io/anytask/bench/BenchmarksReport.java` at ").append(now)
                .append(" from the `run:` and `figure:` lines of `bench/results/*` (nothing here is typed by hand).")
                .append(" The whole set is one command, from the top of the project:\n\n    ").append(COMMAND)
                .append("\n\n");
        long skipped = runs.stream().filter(r -> r.runLine().isPresent() && started.isPresent()
                && Instant.parse(field(r.runLine().get(), "date")).isBefore(started.get())).count();
        started.ifPresent(s -> md.append(String.format("This run of the command took %.1f minutes (build start to"
                + " this report, compiling included)%s.%n%n", Duration.between(s, now).toSeconds() / 60.0,
                skipped == 0 ? "" : ", with " + skipped + " of its " + runs.size() + " benchmarks skipped")));
        md.append("Skip a benchmark with `-Dbench.startup.skip`, `-Dbench.server.skip`, `-Dbench.client.skip`,"
                + " `-Dbench.osgi.skip`, `-Dbench.renewal.skip`, `-Dbench.strategy.skip`, `-Dbench.codec.skip`, `-Dbench.fuzz.skip`"
                + " (each `=true`); a skipped one"
                + " keeps its earlier results, marked below as not from this run.\n\n");
        md.append("The machine is small (see each run's CPUs) and may be shared with other builds while a benchmark"
                + " runs, so absolute times are noisy: read each figure against its baseline, which is measured in"
                + " the same run.\n\n");
        md.append("## Goals\n\n| figure | goal | verdict |\n|---|---|---|\n");
        for (Run run : runs) {
            for (Figure f : run.figures()) {
                if (!f.goal().equals("none")) {
                    md.append("| ").append(f.name()).append(" | ").append(f.goal()).append(" | ").append(f.verdict())
                            .append(" |\n");
                }
            }
        }
        md.append("\nWhat the profiles show where a goal is missed: renewal in `docs/worker.md` (\"Where a renewal's"
                + " time goes\"), the client's round trip in `docs/client.md`.\n\n");
        for (Run run : runs) {
            md.append("\n## ").append(run.title()).append("\n\n");
            md.append("Results file: `bench/results/").append(run.file()).append("`");
            if (run.runLine().isEmpty()) {
                md.append(": no run in the machine-readable form; no figures.\n");
                continue;
            }
            String line = run.runLine().get();
            Instant date = Instant.parse(field(line, "date"));
            boolean stale = started.isPresent() && date.isBefore(started.get());
            md.append(stale ? " (**not run by this command**: from an earlier run)" : "").append(".\n\n");
            md.append("Run ").append(date).append(", ").append(field(line, "seconds")).append(" s; Java ")
                    .append(field(line, "java")).append(", ").append(field(line, "cpus")).append(" CPUs, kernel ")
                    .append(field(line, "kernel")).append(", load average at start ").append(field(line, "load"))
                    .append(".\n\n");
            md.append("| figure | what it measures | median | spread | runs | baseline, same run | goal | verdict |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (Figure f : run.figures()) {
                md.append("| ").append(String.join(" | ", f.name(), f.measures(), f.median(), f.spread(), f.runs(),
                        f.baseline(), f.goal(), f.verdict())).append(" |\n");
            }
        }
        return md.toString();
    }
}
