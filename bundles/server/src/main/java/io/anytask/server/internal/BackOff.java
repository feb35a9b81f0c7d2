package io.anytask.server.internal;

import java.time.Duration;

/**
 * The delay before the next worker start after workers failed to boot: doubles with each failure in a row, from
 * {@code initial} up to {@code max}, and starts over once a worker boots. Not thread-safe: its owner guards it.
 */
public final class BackOff {
    private final Duration initial;
    private final Duration max;
    private int failuresInARow;

    /**
     * @param initial the delay after the first failure, positive
     * @param max     the longest delay, {@code >= initial}
     */
    public BackOff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= initial, which is " + initial + ")");
        }
        this.initial = initial;
        this.max = max;
    }

    /** @return the delay to wait before the next start, after recording one more failure */
    public Duration failed() {
        failuresInARow++;
        Duration delay = initial;
        for (int i = 1; i < failuresInARow && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) < 0 ? delay : max;
    }

    /** Records a success: the next failure waits {@code initial} again. */
    public void succeeded() {
        failuresInARow = 0;
    }

    /** @return the number of failures since the last success */
    public int failuresInARow() {
        return failuresInARow;
    }
}
