package io.anytask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Deferred-log records (the JSON form of {@link io.anytask.protocol.DeferredLog}) drawn for a person, in the spirit
 * of Log::Defer's visualiser: one timeline whose times are milliseconds from the earliest start, each log line
 * marked with the side that wrote it (the caller, the worker), and the timers drawn as bars on a common scale.
 * Timers are not marked: a checkout's log holds the client's timer of each call beside the worker's own timers, and
 * the record does not say which is which (a call's timer spans the worker's).
 */
final class LogTimeline {
    /** Widest a timer's bar is drawn, in characters. */
    static final int BAR_WIDTH = 40;

    /** One record and who wrote it ({@code caller}, {@code worker}). */
    record Source(String who, JsonNode record) {
    }

    private record Line(double ms, String who, String level, String text) {
    }

    private record Bar(String name, double fromMs, double toMs) {
    }

    private LogTimeline() {
    }

    /**
     * The timeline of {@code sources}: a header, the log lines in time order, then the timers.
     *
     * @return the lines to print, without line ends
     */
    static List<String> render(List<Source> sources) {
        double origin = sources.stream().mapToDouble(s -> s.record().path("start").asDouble()).min().orElse(0);
        List<Line> lines = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        double endMs = 0;
        for (Source source : sources) {
            double offsetMs = micros((source.record().path("start").asDouble() - origin) * 1000);
            for (JsonNode entry : source.record().path("logs")) {
                double ms = micros(offsetMs + entry.path(0).asDouble() * 1000);
                lines.add(new Line(ms, source.who(), level(entry.path(1).asInt()), text(entry)));
                endMs = Math.max(endMs, ms);
            }
            for (JsonNode timer : source.record().path("timers")) {
                double from = micros(offsetMs + timer.path(1).asDouble() * 1000);
                double to = timer.path(2).isNumber() ? micros(offsetMs + timer.path(2).asDouble() * 1000) : from;
                bars.add(new Bar(timer.path(0).asText(), from, to));
                endMs = Math.max(endMs, to);
            }
            if (source.record().path("end").isNumber()) {
                endMs = Math.max(endMs, micros(offsetMs + source.record().path("end").asDouble() * 1000));
            }
        }
        lines.sort(Comparator.comparingDouble(Line::ms));
        bars.sort(Comparator.comparingDouble(Bar::fromMs));
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%9s  %-6s  %-5s  %s", "ms", "who", "level", "message"));
        for (Line line : lines) {
            out.add(String.format(Locale.ROOT, "%9.3f  %-6s  %-5s  %s", line.ms(), line.who(), line.level(),
                    line.text()));
        }
        if (!bars.isEmpty()) {
            int nameWidth = bars.stream().mapToInt(b -> b.name().length()).max().orElse(0);
            out.add(String.format(Locale.ROOT, "timers, 0 to %.1f ms:", endMs));
            for (Bar bar : bars) {
                out.add(String.format(Locale.ROOT, "  %-" + nameWidth + "s  |%s|  %8.3f to %8.3f ms", bar.name(),
                        draw(bar.fromMs(), bar.toMs(), endMs), bar.fromMs(), bar.toMs()));
            }
        }
        return out;
    }

    /** Milliseconds rounded to the microsecond, the resolution of the records (start times are large doubles). */
    private static double micros(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    /** A bar of {@link #BAR_WIDTH} cells, {@code =} from {@code fromMs} to {@code toMs}, at least one cell. */
    private static String draw(double fromMs, double toMs, double endMs) {
        double scale = endMs <= 0 ? 0 : BAR_WIDTH / endMs;
        int first = Math.min(BAR_WIDTH - 1, (int) Math.floor(fromMs * scale));
        int last = Math.max(first, Math.min(BAR_WIDTH - 1, (int) Math.ceil(toMs * scale) - 1));
        StringBuilder cells = new StringBuilder(BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++) {
            cells.append(i >= first && i <= last ? '=' : ' ');
        }
        return cells.toString();
    }

    /** Log::Defer's levels by name; other numbers as they are. */
    private static String level(int level) {
        return switch (level) {
            case 10 -> "error";
            case 20 -> "warn";
            case 30 -> "info";
            case 40 -> "debug";
            default -> Integer.toString(level);
        };
    }

    /** The message, then any extra values as compact JSON. */
    private static String text(JsonNode entry) {
        StringBuilder text = new StringBuilder(entry.path(2).isTextual() ? entry.path(2).asText()
                : entry.path(2).toString());
        for (int i = 3; i < entry.size(); i++) {
            text.append(' ').append(entry.get(i).toString());
        }
        return text.toString();
    }
}
