package io.anytask.server.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the pool knows of its workers' renewals: when the recent ones were announced and how long they took, for
 * the workers likely on their way back and the grace before starting a JVM instead, and the times since the last
 * log line, for its summary. Not thread-safe; the pool uses it under its lock.
 */
final class Renewals {
    /** Renewals this recent count as under way (see {@link #underWay}). */
    static final Duration RECENT = Duration.ofSeconds(1);
    /** Announcement times kept, newest last; more than a second's worth at any rate a pool reaches. */
    private static final int KEPT = 256;

    private final long[] announced = new long[KEPT];
    private int count;
    private int next;
    /** A moving average of recent renewal times. */
    private long averageNanos;
    private long inAll;
    /** Renewal times since the last summary, in ms. */
    private final List<Long> sinceSummary = new ArrayList<>();

    /**
     * Notes a renewal announced at {@code nanoTime} that took {@code millis}.
     *
     * @return true if it is the first since the last summary (a summary is then due later)
     */
    boolean note(long millis, long nanoTime) {
        announced[next] = nanoTime;
        next = (next + 1) % KEPT;
        count = Math.min(count + 1, KEPT);
        long nanos = millis * 1_000_000;
        averageNanos = inAll == 0 ? nanos : (3 * averageNanos + nanos) / 4;
        inAll++;
        sinceSummary.add(millis);
        return sinceSummary.size() == 1;
    }

    /** @return whether any renewal was ever announced */
    boolean any() {
        return inAll > 0;
    }

    /** @return the recent renewal time (a moving average), 0 before any */
    long averageNanos() {
        return averageNanos;
    }

    /** @return whether a renewal was announced within {@link #RECENT} before {@code nanoTime} */
    boolean recent(long nanoTime) {
        return count > 0 && nanoTime - announced[(next + KEPT - 1) % KEPT] <= RECENT.toNanos();
    }

    /**
     * @return how many renewals are likely under way at {@code nanoTime}: those announced in the last second (per
     *     second) times the recent renewal time, by Little's law
     */
    double underWay(long nanoTime) {
        int lastSecond = 0;
        for (int i = 1; i <= count; i++) {
            if (nanoTime - announced[(next + KEPT - i) % KEPT] > RECENT.toNanos()) {
                break;
            }
            lastSecond++;
        }
        return lastSecond * (averageNanos / (double) RECENT.toNanos());
    }

    /**
     * @param interval the time the summary covers, for its text
     * @return the summary line of the renewals since the last one, if any, and starts a new period
     */
    Optional<String> summary(Duration interval) {
        if (sinceSummary.isEmpty()) {
            return Optional.empty();
        }
        List<Long> sorted = new ArrayList<>(sinceSummary);
        sorted.sort(null);
        sinceSummary.clear();
        return Optional.of(sorted.size() + " worker renewal" + (sorted.size() == 1 ? "" : "s") + " in the last "
                + interval.toSeconds() + " s (median " + sorted.get(sorted.size() / 2) + " ms, max "
                + sorted.get(sorted.size() - 1) + " ms; " + inAll + " in all)");
    }
}
