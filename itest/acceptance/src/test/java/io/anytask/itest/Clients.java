package io.anytask.itest;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Bounded waits on futures, for the scenarios. */
public final class Clients {
    public static final long WAIT_SECONDS = 60;

    private Clients() {
    }

    public static <T> T await(CompletionStage<T> f) throws Exception {
        return f.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    public static <E extends Throwable> E failure(CompletionStage<?> f, Class<E> type) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }
}
