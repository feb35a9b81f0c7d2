package io.anytask.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An exclusive lease of one worker (SPEC.md section 6). Calls queue on the checkout and are sent in order, one at a
 * time, as soon as it has a worker; each returns a future completed on the client's callback executor.
 *
 * <p><b>A checkout must be released with {@link #close()}</b> (try-with-resources works). Calls made before
 * {@code close()} still run first. A checkout that becomes unreachable without {@code close()} is released by the
 * client and reported as a leak, but until then it holds its worker.
 *
 * <p>Errors: a call answered with {@code er} fails with {@link InterfaceFailedException} (or
 * {@link SetupFailedException}), and the calls queued after it fail with {@link CallSkippedException} without being
 * sent; the checkout stays usable.
 * A fatal error ({@link WorkerDiedException}, {@link TaskTimeoutException}, {@link CheckoutAbortedException},
 * {@link ClientClosedException}) fails the current call, and every later call fails at once with the same error.
 *
 * <p>Arguments are converted to JSON by Jackson ({@link JsonNode}s are sent as they are). Thread-safe.
 */
@ProviderType
public interface Checkout extends AutoCloseable {

    /** Calls {@code method} with {@code args}: sends {@code ["do",{},method,args...]}. */
    CompletableFuture<JsonNode> call(String method, Object... args);

    /** Calls {@code method} and converts the result to {@code resultType}. */
    <T> CompletableFuture<T> call(String method, Class<T> resultType, Object... args);

    /** Calls {@code method} and converts the result to the generic {@code resultType}. */
    <T> CompletableFuture<T> call(String method, TypeReference<T> resultType, Object... args);

    /** Calls the interface as a function, with no method name: sends {@code ["do",{},args...]}. */
    CompletableFuture<JsonNode> callAsFunction(Object... args);

    /**
     * A proxy implementing {@code type}: each abstract method must return {@link CompletableFuture} or
     * {@link java.util.concurrent.CompletionStage} and is sent as a call by the method's name, its result
     * converted to the future's type argument. Default methods run as written.
     *
     * @throws IllegalArgumentException if {@code type} is not an interface or has a method of another return type
     */
    <T> T as(Class<T> type);

    /**
     * Aborts the checkout with a fatal error whose reason is {@code message}: the current call and every later
     * call fail with {@link CheckoutAbortedException}, and the worker is closed, never reused.
     */
    void abort(String message);

    /** The fatal error the checkout has failed with, if any. */
    Optional<TaskException> fatalError();

    /**
     * Releases the checkout: once the calls made before it have completed, the worker goes back to the pool (or is
     * retired, SPEC.md section 6). Calls made after it fail with {@link CheckoutReleasedException}. Closing again
     * does nothing.
     */
    @Override
    void close();
}
