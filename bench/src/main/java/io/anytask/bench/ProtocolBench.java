package io.anytask.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ProtocolCodecBenchmark} and writes messages/s and MB/s to {@code bench/results/protocol-codec.md}
 * (or the file given as the first argument).
 */
public final class ProtocolBench {
    private ProtocolBench() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/protocol-codec.md");
        Options options = new OptionsBuilder().include(ProtocolCodecBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        StringBuilder md = new StringBuilder();
        List<String> figures = new ArrayList<>();
        md.append("# Protocol codec throughput\n\n")
                .append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", JMH 1 fork, 3x1 s warm-up, 5x1 s measurement.\n\n")
                .append("| benchmark | message bytes | messages/s | error (99.9%) | MB/s |\n|---|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            int size = ProtocolCodecBenchmark.encodedSize(name.contains("1MiB")
                    ? ProtocolCodecBenchmark.BIG_OK : ProtocolCodecBenchmark.SMALL_DO);
            double ops = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.1f |%n",
                    name, size, ops, err, ops * size / 1e6));
            if (!name.startsWith("baseline")) {
                String baseline = "baselineJacksonReadTree" + (name.contains("1MiB") ? "Ok1MiB" : "SmallDo");
                double base = results.stream().filter(x -> x.getParams().getBenchmark().endsWith("." + baseline))
                        .mapToDouble(x -> x.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
                figures.add(new Figure("codec." + name, (name.startsWith("decode") ? "decode" : "encode") + " of a "
                        + size + "-byte message, messages/s (JMH mean, not a median)", Figure.number(ops)
                        + " messages/s", String.format(Locale.ROOT, "+- %s (99.9%% error)", Figure.number(err)),
                        "1 fork, 5 x 1 s iterations", String.format(Locale.ROOT, "Jackson readTree of the same bytes:"
                        + " %s messages/s (ratio %s)", Figure.number(base), Figure.number(ops / base)), "none", "n/a")
                        .line());
            }
        }
        md.append("\nThe baselines are Jackson's own blocking `readTree` of the same bytes, in the same run: the ratio of ")
                .append("`decode*` to `baselineJacksonReadTree*` is the cost of incremental framing and validation.\n");
        md.append("\nMachine-readable lines for BenchmarksReport:\n\n")
                .append(Figure.runLine("codec", started, (System.nanoTime() - t0) / 1e9)).append("\n");
        figures.forEach(f -> md.append(f).append('\n'));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
        System.out.println("written to " + out);
    }
}
