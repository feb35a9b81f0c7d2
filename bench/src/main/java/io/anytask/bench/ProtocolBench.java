package io.anytask.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
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
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/protocol-codec.md");
        Options options = new OptionsBuilder().include(ProtocolCodecBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        StringBuilder md = new StringBuilder();
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
        }
        md.append("\nThe baselines are Jackson's own blocking `readTree` of the same bytes, in the same run: the ratio of ")
                .append("`decode*` to `baselineJacksonReadTree*` is the cost of incremental framing and validation.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
        System.out.println("written to " + out);
    }
}
