package io.anytask.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One measured figure of a results file, written as a machine-readable line beside the human-readable text so that
 * {@link BenchmarksReport} reads figures instead of making them up:
 * {@code figure: NAME | WHAT IT MEASURES | MEDIAN | SPREAD | RUNS | BASELINE | GOAL | VERDICT}. A run of a benchmark
 * starts with a {@code run:} line ({@link #runLine}); the figures after the last one are that run's.
 *
 * @param name a short stable name, e.g. {@code renewal.churn.renewal}
 * @param measures what exactly is timed or counted
 * @param median the median with its unit
 * @param spread how the samples spread (p90, min, max, or the rounds' range)
 * @param runs how many samples or rounds the median is of
 * @param baseline the floor or baseline measured in the same run, or {@code none}
 * @param goal the goal, or {@code none}
 * @param verdict met or missed and by how much, or {@code n/a}
 */
record Figure(String name, String measures, String median, String spread, String runs, String baseline, String goal,
        String verdict) {
    static final String PREFIX = "figure: ";
    static final String RUN_PREFIX = "run: ";
    private static final String SEPARATOR = " | ";

    Figure {
        for (String field : List.of(name, measures, median, spread, runs, baseline, goal, verdict)) {
            if (field.contains("|") || field.contains("\n")) {
                throw new IllegalArgumentException("figure field with '|' or a line break: " + field);
            }
        }
    }

    String line() {
        return PREFIX + String.join(SEPARATOR, name, measures, median, spread, runs, baseline, goal, verdict);
    }

    static Optional<Figure> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = line.substring(PREFIX.length()).split(" \\| ", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("a figure line needs 8 fields, has " + f.length + ": " + line);
        }
        return Optional.of(new Figure(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
    }

    /**
     * The line that starts a benchmark's run: {@code run: BENCHMARK | date=... | java=... | cpus=... | kernel=...
     * | load=... | seconds=...} where seconds is filled in by the caller at the end (or omitted).
     */
    static String runLine(String benchmark, Instant started, double seconds) {
        return RUN_PREFIX + String.join(SEPARATOR, benchmark, "date=" + started,
                "java=" + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "cpus=" + Runtime.getRuntime().availableProcessors(), "kernel=" + read("/proc/sys/kernel/osrelease"),
                "load=" + read("/proc/loadavg"), String.format(Locale.ROOT, "seconds=%.0f", seconds));
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim().replace('|', '/');
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- verdicts

    /** The verdict for a goal {@code value <= limit}. */
    static String atMost(double value, double limit, String unit) {
        double by = 100 * (value - limit) / limit;
        return value <= limit
                ? String.format(Locale.ROOT, "met: %s %s, %.0f%% under the goal", number(value), unit, -by)
                : String.format(Locale.ROOT, "missed: %s %s, %.0f%% over the goal", number(value), unit, by);
    }

    /** The verdict for a goal {@code value >= limit}. */
    static String atLeast(double value, double limit, String unit) {
        double by = 100 * (value - limit) / limit;
        return value >= limit
                ? String.format(Locale.ROOT, "met: %s %s, %.0f%% above the goal", number(value), unit, by)
                : String.format(Locale.ROOT, "missed: %s %s, %.0f%% below the goal", number(value), unit, -by);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    // ---- sample statistics

    /** The {@code q} quantile (0 to 1) of {@code samples}, nearest rank. */
    static double quantile(double[] samples, double q) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1))];
    }

    static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] samples) {
        return Arrays.stream(samples).min().orElse(Double.NaN);
    }

    static double max(double[] samples) {
        return Arrays.stream(samples).max().orElse(Double.NaN);
    }

    /** {@code p90 X, min Y, max Z UNIT}. */
    static String spread(double[] samples, String unit) {
        return "p90 " + number(quantile(samples, 0.9)) + ", min " + number(min(samples)) + ", max "
                + number(max(samples)) + " " + unit;
    }

    /** {@code rounds A, B, C UNIT} (for figures that are a median of a few rounds). */
    static String rounds(double[] rounds, String unit) {
        StringBuilder b = new StringBuilder("rounds ");
        for (int i = 0; i < rounds.length; i++) {
            b.append(i == 0 ? "" : ", ").append(number(rounds[i]));
        }
        return b.append(' ').append(unit).toString();
    }
}
