package io.anytask.server.internal;

import java.time.Duration;

/**
 * The peak of a count (clients served or waiting) over a sliding window, kept in one-second slots: cheap to update
 * on every hand-off, and exact to the second. Not thread-safe; the pool calls it under its lock.
 */
final class Demand {
    private static final long SECOND = 1_000_000_000L;

    private final long[] slotSecond;
    private final int[] slotPeak;

    /** @param window how far back {@link #peak} looks, whole seconds, at least one */
    Demand(Duration window) {
        int seconds = (int) Math.max(1, window.toSeconds());
        slotSecond = new long[seconds];
        slotPeak = new int[seconds];
        java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /** Notes the count {@code value} at {@code nanoTime} (a {@link System#nanoTime()} reading). */
    void record(int value, long nanoTime) {
        long second = Math.floorDiv(nanoTime, SECOND);
        int slot = (int) Math.floorMod(second, (long) slotSecond.length);
        if (slotSecond[slot] != second) {
            slotSecond[slot] = second;
            slotPeak[slot] = 0;
        }
        slotPeak[slot] = Math.max(slotPeak[slot], value);
    }

    /** @return the highest count noted within the window before {@code nanoTime}, 0 if none */
    int peak(long nanoTime) {
        long now = Math.floorDiv(nanoTime, SECOND);
        int peak = 0;
        for (int i = 0; i < slotSecond.length; i++) {
            if (slotSecond[i] != Long.MIN_VALUE && now - slotSecond[i] < slotSecond.length) {
                peak = Math.max(peak, slotPeak[i]);
            }
        }
        return peak;
    }
}
