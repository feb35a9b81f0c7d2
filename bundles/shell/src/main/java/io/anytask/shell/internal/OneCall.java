package io.anytask.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskException;
import io.anytask.protocol.Seconds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call of {@code task:call}: a fresh checkout, one call, the checkout released. The checkout's timeout is the
 * {@code --timeout} option, else the client's timeout, else {@link #DEFAULT_TIMEOUT}, so that a command never waits
 * for ever; the client enforces it and fails the call with its own timeout error. The command's thread waits that
 * long plus {@link #GRACE} at most, then aborts the checkout.
 */
public final class OneCall {
    /** The checkout's timeout when neither the option nor the client sets one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How much longer than the checkout's timeout the command waits for the client's own answer. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private OneCall() {
    }

    /**
     * Parses the {@code --timeout} option: seconds, decimals allowed, by the rules of every seconds option of
     * anytask's command lines ({@link Seconds#parse}), and more than zero.
     *
     * @param text the option's text; null when the option was not given
     * @return the timeout; empty when not given
     * @throws IllegalArgumentException naming the option, the value and what was expected
     */
    public static Optional<Duration> parseTimeout(String text) {
        if (text == null) {
            return Optional.empty();
        }
        IllegalArgumentException bad = new IllegalArgumentException(
                "--timeout: " + text + " (expected: seconds > 0, decimals allowed, such as 2.5)");
        try {
            Duration timeout = Seconds.parse(text);
            if (timeout.isZero()) {
                throw bad;
            }
            return Optional.of(timeout);
        } catch (IllegalArgumentException e) {
            if (e != bad) {
                bad.initCause(e);
            }
            throw bad;
        }
    }

    /**
     * The checkout's timeout for a call on {@code client}.
     *
     * @param client the client
     * @param option the {@code --timeout} option, if given
     * @return the option, else the client's timeout, else {@link #DEFAULT_TIMEOUT}
     */
    public static Duration timeout(TaskClient client, Optional<Duration> option) {
        return option.or(() -> client.config().timeout()).orElse(DEFAULT_TIMEOUT);
    }

    /**
     * Makes the call and waits for its result.
     *
     * @param client    the client to check out from
     * @param method    the method to call
     * @param arguments its arguments
     * @param timeout   the checkout's timeout
     * @return the result
     * @throws TaskException        the call's error (an {@code er} reply, a timeout, a dead worker, ...)
     * @throws InterruptedException if the command was interrupted (the checkout is then aborted)
     */
    public static JsonNode call(TaskClient client, String method, List<JsonNode> arguments, Duration timeout)
            throws InterruptedException {
        return call(client, method, arguments, timeout, timeout.plus(GRACE));
    }

    /** {@link #call(TaskClient, String, List, Duration)} with the command's longest wait given. */
    static JsonNode call(TaskClient client, String method, List<JsonNode> arguments, Duration timeout, Duration wait)
            throws InterruptedException {
        try (Checkout checkout = client.checkout(CheckoutOptions.defaults().withTimeout(timeout))) {
            CompletableFuture<JsonNode> result = checkout.call(method, arguments.toArray());
            try {
                return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            } catch (TimeoutException e) {
                String reason = "task:call got no answer within " + seconds(wait);
                checkout.abort(reason);
                throw new IllegalStateException(reason + " (checkout timeout " + seconds(timeout) + ")", e);
            } catch (InterruptedException e) {
                checkout.abort("task:call interrupted");
                throw e;
            }
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        return new IllegalStateException(String.valueOf(cause), cause);
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
