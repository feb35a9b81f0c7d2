package io.anytask.testsupport;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on futures, for tests that call a real server. */
public final class Futures {
    /** How long a wait lasts at most, in seconds. */
    public static final long WAIT_SECONDS = 60;

    private Futures() {
    }

    /** The result of {@code future}, waiting at most {@link #WAIT_SECONDS}. */
    public static <T> T await(CompletionStage<T> future) throws Exception {
        return future.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The exception that {@code future} failed with, waiting at most {@link #WAIT_SECONDS}; fails unless it failed
     * in time with a {@code type}.
     */
    public static <E extends Throwable> E failure(CompletionStage<?> future, Class<E> type) {
        Object result;
        try {
            result = future.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (type.isInstance(e.getCause())) {
                return type.cast(e.getCause());
            }
            throw new AssertionError("expected a failure with " + type.getName() + ", got " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new AssertionError("expected a failure with " + type.getName() + " within " + WAIT_SECONDS
                    + " s, got none", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a failure with " + type.getName(), e);
        }
        throw new AssertionError("expected a failure with " + type.getName() + ", got the result " + result);
    }
}
