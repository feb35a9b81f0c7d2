package io.anytask.client;

import io.anytask.protocol.DeferredLog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-checkout options: a timeout that overrides the client's, and a {@link DeferredLog} that receives a timer per
 * call and the worker's log records (SPEC.md section 7). Immutable; start from {@link #defaults()}.
 */
public final class CheckoutOptions {
    private static final CheckoutOptions DEFAULTS = new CheckoutOptions(false, null, null);

    private final boolean timeoutSet;
    private final Duration timeout;
    private final DeferredLog deferredLog;

    private CheckoutOptions(boolean timeoutSet, Duration timeout, DeferredLog deferredLog) {
        this.timeoutSet = timeoutSet;
        this.timeout = timeout;
        this.deferredLog = deferredLog;
    }

    /** The client's timeout and no deferred log. */
    public static CheckoutOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the checkout's timeout set to {@code timeout}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CheckoutOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout (use withoutTimeout() to wait forever)");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0, or withoutTimeout())");
        }
        return new CheckoutOptions(true, timeout, deferredLog);
    }

    /** These options with no timeout: the checkout's calls wait forever. */
    public CheckoutOptions withoutTimeout() {
        return new CheckoutOptions(true, null, deferredLog);
    }

    /** These options with {@code log} receiving the checkout's timers and the workers' log records. */
    public CheckoutOptions withDeferredLog(DeferredLog log) {
        return new CheckoutOptions(timeoutSet, timeout, Objects.requireNonNull(log, "deferredLog"));
    }

    /** True when these options override the client's timeout. */
    public boolean overridesTimeout() {
        return timeoutSet;
    }

    /**
     * The overriding timeout; empty when there is none or when it is "wait forever" (see
     * {@link #overridesTimeout()}).
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The deferred log, if any. */
    public Optional<DeferredLog> deferredLog() {
        return Optional.ofNullable(deferredLog);
    }
}
