package io.anytask.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutLeakedException;
import io.anytask.client.CheckoutReleasedException;
import io.anytask.client.ClientClosedException;
import io.anytask.client.TaskException;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Checkout} that callers hold. It converts arguments on the caller's thread and hops onto the loop for
 * everything else. The loop-owned {@link CheckoutState} never refers back to this handle, so that a handle dropped
 * without {@link #close()} becomes unreachable and its {@link Cleaner} action releases the checkout.
 */
final class CheckoutHandle implements Checkout {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Pool pool;
    private final CheckoutState state;
    private final String clientName;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    CheckoutHandle(Pool pool, CheckoutState state, String clientName, Throwable origin) {
        this.pool = pool;
        this.state = state;
        this.clientName = clientName;
        this.release = new Release(pool, state, clientName, origin);
        this.cleanable = CLEANER.register(this, release);
    }

    @Override
    public CompletableFuture<JsonNode> call(String method, Object... args) {
        Objects.requireNonNull(method, "method");
        return submit(method, args, null);
    }

    @Override
    public <T> CompletableFuture<T> call(String method, Class<T> resultType, Object... args) {
        Objects.requireNonNull(method, "method");
        return submit(method, args, ClientJson.MAPPER.constructType(Objects.requireNonNull(resultType, "resultType")));
    }

    @Override
    public <T> CompletableFuture<T> call(String method, TypeReference<T> resultType, Object... args) {
        Objects.requireNonNull(method, "method");
        return submit(method, args, ClientJson.MAPPER.constructType(Objects.requireNonNull(resultType, "resultType")));
    }

    @Override
    public CompletableFuture<JsonNode> callAsFunction(Object... args) {
        return submit(null, args, null);
    }

    <T> CompletableFuture<T> submit(String method, Object[] args, JavaType resultType) {
        PendingCall call = new PendingCall(clientName, method, ClientJson.arguments(args), resultType);
        if (release.done.get()) {
            call.future.completeExceptionally(
                    new CheckoutReleasedException("checkout already released", call.context, null));
        } else if (pool.closing) {
            call.future.completeExceptionally(new ClientClosedException(pool.closeReason, call.context, null));
        } else {
            pool.loop.execute(() -> state.enqueue(call));
        }
        return call.typedFuture();
    }

    @Override
    public <T> T as(Class<T> type) {
        return TypedProxy.create(this, type);
    }

    @Override
    public void abort(String message) {
        Objects.requireNonNull(message, "message");
        pool.loop.execute(() -> state.abort(message));
    }

    @Override
    public Optional<TaskException> fatalError() {
        return Optional.ofNullable(state.fatal);
    }

    @Override
    public void close() {
        if (release.done.compareAndSet(false, true)) {
            pool.loop.execute(state::release);
        }
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "Checkout[" + (clientName == null ? "ANONYMOUS CLIENT" : clientName) + "]";
    }

    /** The cleaning action: releases a checkout whose handle was dropped unclosed. Holds no reference to the handle. */
    private static final class Release implements Runnable {
        final AtomicBoolean done = new AtomicBoolean();
        private final Pool pool;
        private final CheckoutState state;
        private final String clientName;
        private final Throwable origin;

        Release(Pool pool, CheckoutState state, String clientName, Throwable origin) {
            this.pool = pool;
            this.state = state;
            this.clientName = clientName;
            this.origin = origin;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                CheckoutLeakedException leak = new CheckoutLeakedException(
                        "checkout leaked: it became unreachable without close(); released by the client",
                        clientName == null ? "ANONYMOUS CLIENT" : clientName, origin);
                pool.loop.execute(() -> pool.leaked(state, leak));
            }
        }
    }
}
