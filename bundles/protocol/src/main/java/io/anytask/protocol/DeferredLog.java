package io.anytask.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anytask.protocol.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A deferred log, compatible with Perl's Log::Defer (SPEC.md section 7): log lines, timers and a data map
 * collected while one piece of work runs, kept in one record and written out together when the work ends.
 *
 * <p>The record's JSON form is {@code {"start": epoch seconds, "end": seconds since start, "logs": [[t, level,
 * message, extra...]...], "timers": [[name, t_start, t_end]...], "data": {...}}}: times are relative to
 * {@code start}, with microsecond resolution; {@code end} is present once the log is {@link #finish() finished};
 * empty parts are left out. Levels are {@value #ERROR} error, {@value #WARN} warn, {@value #INFO} info and
 * {@value #DEBUG} debug.
 *
 * <p>A record made in another process is {@link #merge(JsonNode) merged} with its times shifted onto this log's
 * clock. All methods are thread-safe.
 */
public final class DeferredLog {
    /** Level of error lines. */
    public static final int ERROR = 10;
    /** Level of warning lines. */
    public static final int WARN = 20;
    /** Level of informational lines. */
    public static final int INFO = 30;
    /** Level of debugging lines. */
    public static final int DEBUG = 40;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Comparator<ArrayNode> BY_TIME = Comparator.comparingDouble(l -> l.get(0).asDouble());

    private final double start;
    private final long startNanos;
    private final LongSupplier nanoTime;
    private final List<ArrayNode> logs = new ArrayList<>();
    private final List<ArrayNode> timers = new ArrayList<>();
    private final ObjectNode data = NODES.objectNode();
    private Double end;

    /** A log that starts now. */
    public DeferredLog() {
        this(epochSeconds(Instant.now()), System::nanoTime);
    }

    /**
     * A log that starts at {@code startEpochSeconds}, measuring later times with {@code nanoTime} (a monotonic
     * clock in nanoseconds, like {@link System#nanoTime()}); for tests and for callers with their own clock.
     */
    public DeferredLog(double startEpochSeconds, LongSupplier nanoTime) {
        this.start = startEpochSeconds;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.startNanos = nanoTime.getAsLong();
    }

    /** When the log started, in seconds since the epoch. */
    public double start() {
        return start;
    }

    /** Seconds since {@link #start()}, rounded to the microsecond. */
    public double elapsed() {
        return micros((nanoTime.getAsLong() - startNanos) / 1e9);
    }

    /** Adds an error line ({@value #ERROR}). */
    public void error(String message, Object... extra) {
        log(ERROR, message, extra);
    }

    /** Adds a warning line ({@value #WARN}). */
    public void warn(String message, Object... extra) {
        log(WARN, message, extra);
    }

    /** Adds an informational line ({@value #INFO}). */
    public void info(String message, Object... extra) {
        log(INFO, message, extra);
    }

    /** Adds a debugging line ({@value #DEBUG}). */
    public void debug(String message, Object... extra) {
        log(DEBUG, message, extra);
    }

    /**
     * Adds a line at {@code level}: {@code [t, level, message, extra...]}. Extra values are converted to JSON as
     * Jackson would; a value that cannot be is recorded as its {@code toString()}.
     */
    public void log(int level, String message, Object... extra) {
        ArrayNode line = NODES.arrayNode(3 + extra.length);
        line.add(elapsed()).add(level).add(message);
        for (Object value : extra) {
            line.add(toJson(value));
        }
        synchronized (this) {
            logs.add(line);
        }
    }

    /**
     * Starts a timer named {@code name}; it stops when the returned handle is {@link Timer#close() closed}, or
     * when the log is finished, whichever comes first.
     */
    public Timer timer(String name) {
        Objects.requireNonNull(name, "name");
        ArrayNode entry = NODES.arrayNode(3).add(name).add(elapsed());
        synchronized (this) {
            timers.add(entry);
        }
        return new Timer(entry);
    }

    /** Sets {@code key} in the data map to {@code value}, converted to JSON. */
    public void data(String key, Object value) {
        Objects.requireNonNull(key, "key");
        JsonNode node = toJson(value);
        synchronized (this) {
            data.set(key, node);
        }
    }

    /** A copy of the data map. */
    public synchronized ObjectNode data() {
        return data.deepCopy();
    }

    /** True when nothing has been logged, timed or put in the data map. */
    public synchronized boolean isEmpty() {
        return logs.isEmpty() && timers.isEmpty() && data.isEmpty();
    }

    /**
     * Merges a record made elsewhere (another process's {@link #toJson()}): its log lines and timers are shifted
     * by the difference between the two start times, log lines are kept sorted by time, timers are appended,
     * and its data keys are copied over this log's.
     *
     * @throws IllegalArgumentException if {@code record} is not a deferred-log record; nothing is merged then
     */
    public void merge(JsonNode record) {
        Objects.requireNonNull(record, "record");
        if (!record.isObject() || !record.path("start").isNumber()) {
            throw new IllegalArgumentException("not a deferred-log record (no numeric start): "
                    + Json.abbreviate(record));
        }
        double offset = record.get("start").asDouble() - start;
        List<ArrayNode> newLogs = shifted(record.path("logs"), 0, offset, "logs");
        List<ArrayNode> newTimers = shifted(record.path("timers"), 1, offset, "timers");
        JsonNode newData = record.path("data");
        if (!newData.isMissingNode() && !newData.isObject()) {
            throw new IllegalArgumentException("deferred-log data is not an object: " + Json.abbreviate(newData));
        }
        synchronized (this) {
            logs.addAll(newLogs);
            logs.sort(BY_TIME);
            timers.addAll(newTimers);
            if (newData.isObject()) {
                data.setAll((ObjectNode) newData.deepCopy());
            }
        }
    }

    /**
     * Ends the log: sets {@code end} to now and stops every timer still running. Finishing again changes nothing.
     *
     * @return the finished record
     */
    public ObjectNode finish() {
        double now = elapsed();
        synchronized (this) {
            if (end == null) {
                end = now;
                for (ArrayNode timer : timers) {
                    if (timer.size() == 2) {
                        timer.add(now);
                    }
                }
            }
        }
        return toJson();
    }

    /** True once {@link #finish()} has run. */
    public synchronized boolean isFinished() {
        return end != null;
    }

    /**
     * A snapshot of the record in its JSON form. Timers still running appear as {@code [name, t_start]}; empty
     * parts and, before {@link #finish()}, {@code end} are left out.
     */
    public synchronized ObjectNode toJson() {
        ObjectNode out = NODES.objectNode();
        out.put("start", start);
        if (end != null) {
            out.put("end", end);
        }
        if (!logs.isEmpty()) {
            ArrayNode a = out.putArray("logs");
            logs.forEach(l -> a.add(l.deepCopy()));
        }
        if (!timers.isEmpty()) {
            ArrayNode a = out.putArray("timers");
            timers.forEach(t -> a.add(t.deepCopy()));
        }
        if (!data.isEmpty()) {
            out.set("data", data.deepCopy());
        }
        return out;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /** A running timer; closing it records its end time. */
    public final class Timer implements AutoCloseable {
        private final ArrayNode entry;

        private Timer(ArrayNode entry) {
            this.entry = entry;
        }

        /** Stops the timer; stopping it again changes nothing. */
        @Override
        public void close() {
            double now = elapsed();
            synchronized (DeferredLog.this) {
                if (entry.size() == 2) {
                    entry.add(now);
                }
            }
        }
    }

    private static List<ArrayNode> shifted(JsonNode entries, int timeFrom, double offset, String what) {
        if (entries.isMissingNode() || entries.isNull()) {
            return List.of();
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("deferred-log " + what + " is not an array: " + Json.abbreviate(entries));
        }
        List<ArrayNode> out = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            if (!entry.isArray() || entry.size() <= timeFrom || !entry.get(timeFrom).isNumber()) {
                throw new IllegalArgumentException("malformed deferred-log " + what + " entry: " + Json.abbreviate(entry));
            }
            ArrayNode copy = (ArrayNode) entry.deepCopy();
            // logs carry one time (index 0); timers a start and, once stopped, an end (indexes 1 and 2)
            int lastTime = timeFrom == 0 ? 0 : Math.min(2, copy.size() - 1);
            for (int i = timeFrom; i <= lastTime; i++) {
                if (copy.get(i).isNumber()) {
                    copy.set(i, NODES.numberNode(copy.get(i).asDouble() + offset));
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static JsonNode toJson(Object value) {
        if (value instanceof JsonNode) {
            return ((JsonNode) value).deepCopy();
        }
        try {
            return Json.MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return NODES.textNode(String.valueOf(value));
        }
    }

    private static double epochSeconds(Instant now) {
        return now.getEpochSecond() + now.getNano() / 1_000 / 1e6;
    }

    private static double micros(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }
}
