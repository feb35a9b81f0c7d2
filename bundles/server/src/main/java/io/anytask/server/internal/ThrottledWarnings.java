package io.anytask.server.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Warnings about something a hostile or broken peer can cause many times a second (a refused TLS handshake): the
 * first {@code burst} of each window are written one line each, the rest are counted and summed up in one line when
 * the window ends, with the last of them as an example. So an attack shows in the log without drowning it.
 */
final class ThrottledWarnings {
    private final String what;
    private final int burst;
    private final Duration window;
    private final ScheduledExecutorService timer;
    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    /** Guarded by this. */
    private long windowStart;
    /** Guarded by this: lines written in the current window. */
    private int written;
    /** Guarded by this: lines held back in the current window, and the last of them. */
    private int held;
    private String lastHeld;

    /**
     * @param what   what the held-back lines are about, plural, for the summary: {@code "TLS handshakes failed"}
     * @param timer  runs the summary at the end of a window
     * @param sink   where lines go (the server's log at WARN)
     */
    ThrottledWarnings(String what, int burst, Duration window, ScheduledExecutorService timer, Consumer<String> sink,
            LongSupplier nanoClock) {
        this.what = what;
        this.burst = burst;
        this.window = window;
        this.timer = timer;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong() - window.toNanos();
    }

    /** Writes {@code line}, or holds it back for the window's summary. */
    void warn(String line) {
        String now = null;
        synchronized (this) {
            long t = nanoClock.getAsLong();
            if (held == 0 && t - windowStart >= window.toNanos()) {
                windowStart = t;
                written = 0;
            }
            if (written < burst) {
                written++;
                now = line;
            } else {
                if (held++ == 0) {
                    long left = Math.max(0, windowStart + window.toNanos() - t);
                    timer.schedule(this::summarize, left, TimeUnit.NANOSECONDS);
                }
                lastHeld = line;
            }
        }
        if (now != null) {
            sink.accept(now);
        }
    }

    /** Writes the summary of the lines held back in the window that ended, and starts a new window. */
    private void summarize() {
        String summary;
        synchronized (this) {
            if (held == 0) {
                return;
            }
            String span = window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
            summary = held + " more " + what + " in the last " + span + ", not logged one by one; the last: "
                    + lastHeld;
            held = 0;
            lastHeld = null;
            windowStart = nanoClock.getAsLong();
            written = 0;
        }
        sink.accept(summary);
    }
}
